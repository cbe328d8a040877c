"""A set of award pks as a bitmap: an import remembers every award it wrote (to refuse a grant id
that comes twice in one file), and a million ints in a Python set take ~60 MB; pks are small
positive integers, so a bit each (125 KB a million) will do."""

from __future__ import annotations

from collections.abc import Iterable


class PkSet:
    def __init__(self) -> None:
        self._bits = bytearray()

    def add(self, pk: int) -> None:
        byte = pk >> 3
        if byte >= len(self._bits):
            # Grow by half again at least, so that adding pks in order costs amortised O(1).
            self._bits.extend(bytes(max(byte + 1, len(self._bits) * 3 // 2) - len(self._bits)))
        self._bits[byte] |= 1 << (pk & 7)

    def update(self, pks: Iterable[int]) -> None:
        for pk in pks:
            self.add(pk)

    def __contains__(self, pk: object) -> bool:
        if not isinstance(pk, int) or pk < 0:
            return False
        byte = pk >> 3
        return byte < len(self._bits) and bool(self._bits[byte] >> (pk & 7) & 1)
