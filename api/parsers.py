"""The API's JSON parser: size and nesting depth checked before parsing (assistants/jsonlimits)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from assistants import jsonlimits


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            return None
        # Read one byte past the limit: enough to know it is too large, never the whole body.
        raw = stream.read(jsonlimits.max_bytes() + 1)
        try:
            return jsonlimits.loads(raw)
        except jsonlimits.JsonRefused as refused:
            raise ParseError(str(refused)) from refused
