"""The response class of the hot read paths."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import JSONResponse


class PlainJSONResponse(JSONResponse):
    """JSON of plain data (dicts, lists, strings, numbers, None), encoded by orjson: the same
    compact UTF-8 text as the standard encoder, in a fraction of its time. A search page with
    its facets is about 30 kB, and encoding it was a tenth of the request's time."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
