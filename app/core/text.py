"""Text that may enter the service: no control characters but tab, line feed and carriage return.

PostgreSQL cannot store NUL in text at all, and the other control characters (and lone UTF-16
surrogates, which cannot be encoded as UTF-8) are never meant in names, titles or ids: refused as
they enter, on every database alike.
"""

from __future__ import annotations

import re

# C0 controls but \t \n \r; DEL and the C1 controls; lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
CONTROL_CHARACTERS_MESSAGE = (
    "must not contain NUL or other control characters (tab and newlines aside)"
)


def has_control_characters(text: str) -> bool:
    """Whether `text` holds a character that no input may hold."""
    return _FORBIDDEN.search(text) is not None


Location = list[str | int]


def control_character_locations(value: object, at: Location) -> list[Location]:
    """Where in `value` (parsed JSON: text, lists, objects) a text holds a forbidden character,
    as locations under `at`. Walks without recursion: a body may be nested deep."""
    found: list[Location] = []
    pending: list[tuple[object, Location]] = [(value, at)]
    while pending:
        item, loc = pending.pop()
        if isinstance(item, str):
            if has_control_characters(item):
                found.append(loc)
        elif isinstance(item, list):
            pending.extend((v, [*loc, i]) for i, v in enumerate(item))
        elif isinstance(item, dict):
            for key, v in item.items():
                if has_control_characters(str(key)):
                    found.append([*loc, str(key)])
                else:
                    pending.append((v, [*loc, str(key)]))
    return sorted(found, key=str)
