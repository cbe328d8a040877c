"""The version a write expects its record to be at: what `If-Match` names, read once a request.

The HTTP layer reads the header into an `ExpectedVersion` (app/http/writes.py, one dependency for
every write endpoint); the write judges it (app/changes/lifecycle.py) only once the caller's right
to the record is checked, so that a caller without that right learns nothing from the
precondition (403 before 428: issue 12, item 9). That is why a missing or unreadable header is
kept as it came and raised only when a write asks.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.errors import PreconditionFailed, PreconditionRequired


@dataclass(frozen=True)
class ExpectedVersion:
    """`version` is the one `If-Match` names; None when it names none (`sent` says whether the
    header came at all)."""

    version: int | None
    sent: bool

    @classmethod
    def from_if_match(cls, value: str | None) -> ExpectedVersion:
        if value is None or not value.strip():
            return cls(version=None, sent=False)
        for tag in value.split(","):
            tag = tag.strip()
            # Strong comparison (RFC 9110 13.1.1): weak tags never match. A GET's ETag is
            # "<version>.<body hash>" (app/http/etag.py); the version alone decides.
            if tag.startswith('"') and tag.endswith('"'):
                version = tag[1:-1].split(".", 1)[0]
                if version.isdigit():
                    return cls(version=int(version), sent=True)
        return cls(version=None, sent=True)

    def check(self, current: int) -> None:
        """428 without `If-Match`, 412 unless it names `current`."""
        if not self.sent:
            raise PreconditionRequired(
                "This write needs `If-Match` with the resource's current ETag (GET it first)."
            )
        if self.version is None:
            raise PreconditionFailed("If-Match does not name a version of this resource.")
        if self.version != current:
            raise PreconditionFailed(
                f"The resource has changed (it is at version {current}, you sent "
                f"{self.version}); GET it again and reapply your change."
            )
