"""kombu's filesystem transport (the broker of `make run`), with messages written atomically.

kombu creates a message's file, then locks and writes it. A worker polling the folder can
move and read the file in between, find it empty, and stop consuming for good
("Unrecoverable error: JSONDecodeError"); the lock is advisory and the reader never takes
it. A worker that publishes while it consumes (submission retries) makes that likely. Here
a message is written under a name consumers skip, then renamed into place whole.
"""

import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue: str, payload: Any, **kwargs: Any) -> None:
        # The same name kombu gives (its order is the queue's order); consumers only take
        # names of the form `<…>.<queue>.msg`, so the leading dot and suffix hide the draft.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = os.path.join(self.data_folder_out, f".{name}.partial")
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)  # atomic on one filesystem
        except OSError as exc:
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class FilesystemTransport(filesystem.Transport):
    Channel = Channel
