"""Hypothesis strategies for 360Giving grants: valid ones, and ones with the strings that sit at
the edges of the standard's formats (web addresses without a scheme, two in one field, emails,
dates and date-times at the edges of the calendar and of their patterns)."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from tests.imports.conftest import grant

EDGE_STRINGS = [
    "https://example.org.uk",
    "http://example.org",
    "www.example.org.uk",
    "example.org",
    "https://a.org https://b.org",
    "https://a.org; https://b.org",
    "www.a.org / www.b.org",
    "mailto:someone@example.org",
    "someone@example.org",
    " https://example.org ",
    "https://exa mple.org",
    "urn:isbn:0451450523",
    "http://",
    "h:x",
    "2024-04-01",
    "2024-04-01\n",
    " 2024-04-01",
    "2024-02-29",
    "2023-02-29",
    "2024-04",
    "2024",
    "0001-01-01",
    "9999-12-31",
    "1899-12-31",
    "2100-12-31",
    "2101-01-01",
    "2024-04-01T00:00:00+00:00",
    "2024-04-01T00:00:00Z",
    "2024-04-01t00:00:00z",
    "2024-04-01T00:00:00.000Z",
    "2024-04-01T00:00:00",
    "2024-04-01 00:00:00",
    "2024-04-01T00:00",
    "2024-04-01T24:00:00Z",
    "2024-04-01T23:59:60Z",
    "2024-04-01T10:00:00+14:00",
    "2024-04-01T10:00:00-00:00",
    "2024-04-01T10:00:00+0100",
    "9999-12-31T23:59:59-14:00",
    "01/04/2024",
    "Yes",
    "No",
    "Y",
    "N",
    "",
    " ",
    "GB",
    "gb",
    "LONB",
    "E09000012",
]

edge_text = st.one_of(
    st.sampled_from(EDGE_STRINGS),
    st.text(max_size=12),
    st.builds(lambda a, b: a + b, st.sampled_from(EDGE_STRINGS), st.sampled_from(EDGE_STRINGS)),
)
scalar = st.one_of(edge_text, st.none(), st.integers(-5, 5), st.booleans(), st.floats(-1, 1e6))

# Where a grant holds the format-sensitive strings (and other scalars a publisher writes).
PLACES: list[tuple[str | int, ...]] = [
    ("url",),
    ("dataSource",),
    ("dateModified",),
    ("awardDate",),
    ("fromOpenCall",),
    ("recipientOrganization", 0, "url"),
    ("recipientOrganization", 0, "email"),
    ("recipientOrganization", 0, "dateModified"),
    ("fundingOrganization", 0, "url"),
    ("plannedDates", 0, "startDate"),
    ("plannedDates", 0, "endDate"),
    ("actualDates", 0, "startDate"),
    ("grantProgramme", 0, "url"),
    ("grantProgramme", 0, "code"),
    ("classifications", 0, "url"),
    ("beneficiaryLocation", 0, "countryCode"),
    ("beneficiaryLocation", 0, "geoCode"),
    ("disbursementTransaction", 0, "transactionDate"),
    ("disbursementTransaction", 0, "valueDate"),
    ("relatedDocument", 0, "url"),
]


def _put(target: dict[str, Any], path: tuple[str | int, ...], value: Any) -> None:
    node: Any = target
    for step, following in itertools.pairwise(path):
        if isinstance(step, int):
            while len(node) <= step:
                node.append({})
            node = node[step]
        else:
            node = node.setdefault(step, [] if isinstance(following, int) else {})
    last = path[-1]
    if isinstance(last, str):
        node[last] = value


@st.composite
def edge_grants(draw: st.DrawFn) -> dict[str, Any]:
    """A grant with a few fields set to edge strings or other scalars."""
    base = grant(draw(st.integers(1, 10_000)))
    base["plannedDates"] = [{"startDate": "2024-04-01", "endDate": "2025-03-31"}]
    base["disbursementTransaction"] = [{"id": "t1", "amount": 5}]
    for path in draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=4, unique=True)):
        _put(base, path, draw(scalar))
    return base
