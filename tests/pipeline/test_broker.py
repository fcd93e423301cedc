"""The filesystem broker writes a message whole before a worker can see it."""

import os
from queue import Empty

import pytest
from kombu import Connection


def test_a_message_is_invisible_to_consumers_until_it_is_written_whole(tmp_path, monkeypatch):
    (tmp_path / "control").mkdir()
    options = {
        "data_folder_in": str(tmp_path),
        "data_folder_out": str(tmp_path),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
    }
    connection = Connection(
        "filesystem://",
        transport="assistants.broker:FilesystemTransport",
        transport_options=options,
    )
    channel = connection.channel()
    real_replace = os.replace
    checked = []

    def replace(source: str, destination: str) -> None:
        # The moment kombu's own transport would expose a half-written file.
        with pytest.raises(Empty):
            channel._get("celery")
        checked.append(os.path.basename(source))
        real_replace(source, destination)

    monkeypatch.setattr("assistants.broker.os.replace", replace)
    channel._put("celery", {"body": "whole"})

    assert checked and checked[0].startswith(".") and checked[0].endswith(".partial")
    assert channel._get("celery") == {"body": "whole"}
    connection.release()
