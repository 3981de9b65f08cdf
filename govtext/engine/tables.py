"""Vocabulary look-ups: from n-gram keys to feature columns, for a whole array of keys at once."""

from __future__ import annotations

import numpy as np


class Lookup:
    """Columns of a part's n-gram keys: a plain array indexed by the key for single characters or
    tokens, an open-addressing hash table for each longer n."""

    def __init__(self, keys: np.ndarray, columns: np.ndarray, base: int) -> None:
        single = keys < base
        self._single = np.full(base, -1, dtype=np.int32)
        self._single[keys[single]] = columns[single]
        length = np.ones(len(keys), dtype=np.int64)  # n of each key's n-gram
        rest = keys // base
        while np.any(rest):
            length += rest > 0
            rest //= base
        self._longer = {int(n): HashTable(keys[length == n], columns[length == n]) for n in np.unique(length[~single])}

    def get(self, keys: np.ndarray, n: int) -> np.ndarray:
        """The column of each key of an n-gram, -1 where the n-gram is not in the vocabulary."""
        if n == 1:
            single: np.ndarray = self._single[keys]
            return single
        table = self._longer.get(n)
        return np.full(len(keys), -1, dtype=np.int32) if table is None else table.get(keys)


class HashTable:
    """An open-addressing hash table from int64 keys (never negative) to int32 values, probed for a
    whole array of keys at once.

    Faster than binary search over the sorted keys: most look-ups end at their first slot, and the
    few that collide walk on together, one numpy pass per step.  Built without a loop: the keys,
    sorted by their home slot, take the slot ``max(home, previous slot + 1)`` (linear probing that
    runs past the end into a few spare slots instead of wrapping round), a running maximum.
    """

    _MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key * 2^64/phi
    _EMPTY = -1

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        bits = max(4, (4 * len(keys)).bit_length())  # an eighth to a quarter of the home slots used
        self._shift = np.uint64(64 - bits)
        home = self._slots(keys)
        order = np.argsort(home, kind="stable")
        rank = np.arange(len(keys))
        slot = np.maximum.accumulate(home[order] - rank) + rank
        size = max(1 << bits, int(slot[-1]) + 1 if len(slot) else 0)
        self._keys = np.full(size + 1, self._EMPTY, dtype=np.int64)  # the last slot stays empty: walks end
        self._values = np.zeros(size + 1, dtype=np.int32)
        self._keys[slot] = keys[order]
        self._values[slot] = values[order]

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * self._MULTIPLIER) >> self._shift).astype(np.intp)

    def get(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key, -1 where the key is absent."""
        out = np.full(len(keys), -1, dtype=np.int32)
        pending = np.arange(len(keys))
        slots = self._slots(keys)
        while len(pending):
            found = self._keys[slots]
            hit = found == keys
            out[pending[hit]] = self._values[slots[hit]]
            walk = ~hit & (found != self._EMPTY)
            pending, slots, keys = pending[walk], slots[walk] + 1, keys[walk]
        return out


__all__ = ["HashTable", "Lookup"]
