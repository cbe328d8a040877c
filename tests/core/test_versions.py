"""`If-Match`, read once into the version a write expects, and judged only when asked."""

from __future__ import annotations

import pytest

from app.core.errors import PreconditionFailed, PreconditionRequired
from app.core.versions import ExpectedVersion


@pytest.mark.parametrize(
    ("header", "version"),
    [
        ('"3"', 3),
        ('"3.5f2a"', 3),  # a GET's ETag: "<version>.<body hash>"
        (' W/"9", "3" ', 3),  # weak tags never match (RFC 9110 13.1.1)
        ('"x", "12.ab"', 12),
    ],
)
def test_the_version_a_header_names(header: str, version: int) -> None:
    expected = ExpectedVersion.from_if_match(header)
    assert expected.version == version
    expected.check(version)
    with pytest.raises(PreconditionFailed, match="changed"):
        expected.check(version + 1)


@pytest.mark.parametrize("header", [None, "", "   "])
def test_no_header_is_428_but_only_when_checked(header: str | None) -> None:
    expected = ExpectedVersion.from_if_match(header)  # reading it raises nothing (403 first)
    with pytest.raises(PreconditionRequired):
        expected.check(1)


@pytest.mark.parametrize("header", ["*", 'W/"3"', "3", '"abc"', '"-1"'])
def test_a_header_naming_no_version_is_412(header: str) -> None:
    with pytest.raises(PreconditionFailed, match="does not name"):
        ExpectedVersion.from_if_match(header).check(3)
