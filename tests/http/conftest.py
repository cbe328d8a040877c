"""The API keys of the write tests serve the hostile-input tests too."""

from __future__ import annotations

from tests.writes.conftest import keys

__all__ = ["keys"]
