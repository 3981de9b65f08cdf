"""Compiled feature scoring (numba): one loop per sentence in place of the numpy passes.

Used by :class:`~govtext.inference.CompiledModel` on long jobs when the optional ``numba`` package
is installed (``pip install 'govtext[fast]'``; ``inference._kernel_for`` says when).  It computes
exactly what the numpy path of ``inference.py`` computes (the same n-grams, tf-idf, l2 norm and
coefficient sums; equal to float rounding), but from three flat inputs: the code points of the
batch's sentences joined by ``SEPARATOR``, where each sentence starts and ends, and the length of
each token the segmenter returned for that joined text.  Tokens are looked up by hashing their
code points, so no Python work per token is left but taking its length.

N-gram keys are written in small alphabets (token ids, or ids of the characters the vocabulary
uses), so that key and column fit in one 64-bit slot of a hash table: one memory read per look-up,
which is what the time here goes to.  Functions are compiled on first use and cached on disk
(numba's ``cache=True``).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numba import njit

_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: the top bits of key * 2^64/phi
_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_EMPTY = -1
_SPACE = ord(" ")  # what a run of whitespace becomes in scikit-learn's char analyzer


@njit(cache=True)
def build_gram_table(keys: Any, columns: Any, column_bits: int) -> tuple[Any, Any, int]:
    """An open-addressing table of n-gram keys, at most half full, each slot one int64 holding
    ``key << column_bits | column`` (-1 when empty): a look-up reads one slot, one cache line.
    Returns the slots, the shift and the mask to probe them with."""
    bits = 4
    while (1 << bits) < 2 * len(keys):
        bits += 1
    size = 1 << bits
    slots = np.full(size, _EMPTY, dtype=np.int64)
    shift = np.uint64(64 - bits)
    for i in range(len(keys)):
        slot = np.int64((np.uint64(keys[i]) * _MULTIPLIER) >> shift)
        while slots[slot] != _EMPTY:
            slot = (slot + 1) & (size - 1)
        slots[slot] = (keys[i] << column_bits) | columns[i]
    return slots, shift, size - 1


@njit(cache=True, nogil=True)
def _probe(slots: Any, shift: Any, mask: int, column_bits: int, key: Any) -> int:
    """The column of *key* in a :func:`build_gram_table` table, -1 when absent."""
    slot = np.int64((np.uint64(key) * _MULTIPLIER) >> shift)
    while True:
        entry = slots[slot]
        if entry == _EMPTY:
            return -1
        if entry >> column_bits == key:
            return int(entry & ((1 << column_bits) - 1))
        slot = (slot + 1) & mask


@njit(cache=True, nogil=True)
def _fnv(codes: Any, begin: int, end: int) -> Any:
    h = _FNV_OFFSET
    for i in range(begin, end):
        h = (h ^ np.uint64(codes[i])) * _FNV_PRIME
    return h


@njit(cache=True)
def build_token_table(token_codes: Any, offsets: Any) -> tuple[Any, Any, Any, int]:
    """An open-addressing table of tokens (their code points laid end to end, split at *offsets*):
    slot -> token index or -1, each token's hash, the shift and the mask to probe it with."""
    n = len(offsets) - 1
    bits = 4
    while (1 << bits) < 4 * n:
        bits += 1
    size = 1 << bits
    slots = np.full(size, -1, dtype=np.int32)
    hashes = np.empty(n, dtype=np.uint64)
    shift = np.uint64(64 - bits)
    for k in range(n):
        h = _fnv(token_codes, offsets[k], offsets[k + 1])
        hashes[k] = h
        slot = np.int64((h * _MULTIPLIER) >> shift)
        while slots[slot] != -1:
            slot = (slot + 1) & (size - 1)
        slots[slot] = k
    return slots, hashes, shift, size - 1


@njit(cache=True, nogil=True)
def _token_id(codes: Any, begin: int, end: int, tokens: Any) -> int:
    """1 + the index of the token codes[begin:end] in the table, 0 when it is not there.  *tokens*
    is :func:`build_token_table`'s result followed by the tokens' code points and offsets."""
    slots, hashes, shift, mask, token_codes, offsets = tokens
    h = _fnv(codes, begin, end)
    slot = np.int64((h * _MULTIPLIER) >> shift)
    length = end - begin
    while True:
        k = slots[slot]
        if k == -1:
            return 0
        if hashes[k] == h and offsets[k + 1] - offsets[k] == length:
            same = True
            first = offsets[k]
            for i in range(length):
                if token_codes[first + i] != codes[begin + i]:
                    same = False
                    break
            if same:
                return int(k) + 1
        slot = (slot + 1) & mask


@njit(cache=True, nogil=True)
def _collect(sequence: Any, m: int, min_n: int, max_n: int, grams: Any, columns: Any) -> int:
    """Write the columns of the known n-grams of sequence[:m] (codes > 0; 0 = unknown, in no n-gram)
    to *columns*; return how many.  *grams* is (base of the keys, the column of each single code,
    column bits, then slots, shift and mask of the tables of 2-grams and of 3-grams)."""
    base, single, column_bits, slots2, shift2, mask2, slots3, shift3, mask3 = grams
    found = 0
    for n in range(min_n, max_n + 1):
        for p in range(m - n + 1):
            key = np.int64(0)
            usable = True
            for k in range(n):
                code = sequence[p + k]
                if code == 0:
                    usable = False
                    break
                key = key * base + code
            if not usable:
                continue
            if n == 1:
                column = int(single[key])
            elif n == 2:
                column = _probe(slots2, shift2, mask2, column_bits, key)
            else:
                column = _probe(slots3, shift3, mask3, column_bits, key)
            if column >= 0:
                columns[found] = column
                found += 1
    return found


@njit(cache=True, nogil=True)
def _add_tfidf(
    columns: Any, found: int, counts: Any, touched: Any, weights: Any, sublinear: bool, out_row: Any
) -> None:
    """out_row += l2-normalised (sublinear) tf-idf of the n-grams in columns[:found], times their
    coefficients; row c of *weights* is column c's idf followed by its coefficients."""
    n_touched = 0
    for i in range(found):
        column = columns[i]
        if counts[column] == 0:
            touched[n_touched] = column
            n_touched += 1
        counts[column] += 1
    squares = 0.0
    for j in range(n_touched):
        column = touched[j]
        tf = float(counts[column])
        if sublinear:
            tf = math.log(tf) + 1.0
        value = tf * weights[column, 0]
        squares += value * value
    norm = math.sqrt(squares)
    for j in range(n_touched):
        column = touched[j]
        tf = float(counts[column])
        if sublinear:
            tf = math.log(tf) + 1.0
        value = tf * weights[column, 0] / norm
        for k in range(1, weights.shape[1]):
            out_row[k - 1] += value * weights[column, k]
        counts[column] = 0


@njit(cache=True, nogil=True)
def _is_space(code: int, space: Any) -> bool:
    return code < len(space) and bool(space[code])


@njit(cache=True, nogil=True)
def _scratch(starts: Any, ends: Any, max_n: int, n_columns: int) -> tuple[Any, Any, Any, Any]:
    """Work arrays for one batch: codes of a sentence, its n-gram columns, the columns it touched,
    and a count per column (all zero between sentences)."""
    longest = 1
    for d in range(len(starts)):
        longest = max(longest, ends[d] - starts[d])
    grams = max_n * longest
    return (
        np.empty(longest, dtype=np.int64),
        np.empty(grams, dtype=np.int64),
        np.empty(grams, dtype=np.int64),
        np.zeros(n_columns, dtype=np.int32),
    )


@njit(cache=True, nogil=True)
def char_logits(
    codes: Any,
    starts: Any,
    ends: Any,
    space: Any,
    char_ids: Any,
    min_n: int,
    max_n: int,
    grams: Any,
    weights: Any,
    sublinear: bool,
    out: Any,
) -> None:
    """out[d] += the logits of the character n-grams of codes[starts[d]:ends[d]], whitespace runs
    folded into one space first (scikit-learn's char analyzer).  *char_ids* maps a code point to
    its id in the n-gram keys, 0 for characters in no n-gram of the vocabulary."""
    folded, columns, touched, counts = _scratch(starts, ends, max_n, len(weights))
    for d in range(len(starts)):
        m = 0
        i = starts[d]
        end = ends[d]
        while i < end:
            code = codes[i]
            if _is_space(code, space):
                j = i + 1
                while j < end and _is_space(codes[j], space):
                    j += 1
                folded[m] = char_ids[_SPACE if j - i > 1 else code]
                i = j
            else:
                folded[m] = char_ids[code]
                i += 1
            m += 1
        found = _collect(folded, m, min_n, max_n, grams, columns)
        if found:
            _add_tfidf(columns, found, counts, touched, weights, sublinear, out[d])


@njit(cache=True, nogil=True)
def word_logits(
    codes: Any,
    starts: Any,
    ends: Any,
    token_lengths: Any,
    space: Any,
    tokens: Any,
    min_n: int,
    max_n: int,
    grams: Any,
    weights: Any,
    sublinear: bool,
    out: Any,
) -> bool:
    """out[d] += the logits of the word n-grams of sentence d, whose tokens are the runs of
    *token_lengths* inside codes[starts[d]:ends[d]].  Whitespace tokens are dropped; unknown tokens
    stay, as gaps no n-gram spans.  Returns False (and leaves the rest of *out* alone) when a token
    crosses a sentence boundary, which a segmenter that keeps ``SEPARATOR`` alone never does."""
    ids, columns, touched, counts = _scratch(starts, ends, max_n, len(weights))
    n_tokens = len(token_lengths)
    t = 0
    position = 0
    for d in range(len(starts)):
        while position < starts[d] and t < n_tokens:  # the separator tokens before sentence d
            position += token_lengths[t]
            t += 1
        if position != starts[d]:
            return False
        m = 0
        end = ends[d]
        while position < end and t < n_tokens:
            stop = position + token_lengths[t]
            if stop > end:
                return False
            blank = True
            for i in range(position, stop):
                if not _is_space(codes[i], space):
                    blank = False
                    break
            if not blank:
                ids[m] = _token_id(codes, position, stop, tokens)
                m += 1
            position = stop
            t += 1
        if position != end:
            return False
        found = _collect(ids, m, min_n, max_n, grams, columns)
        if found:
            _add_tfidf(columns, found, counts, touched, weights, sublinear, out[d])
    return True
