"""Normalised word shingles, each hashed once to 64 bits, for a whole batch of texts in numpy.

Normalisation: lower case; a word is a run of ASCII letters and digits or of non-ASCII characters
outside the punctuation blocks U+0080-U+00BF and U+2000-U+2FFF (curly quotes, dashes, spaces,
bullets, currency and other symbols), so quotes, dashes, apostrophes and whitespace all fold into
word boundaries. `normalise()` is the readable reference; `shingle_batch()` computes the same words
on the UTF-8 bytes of the whole batch at once (no Python loop per word), which is what makes
copy detection fast.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

U64 = np.uint64
SHINGLE_WORDS = 5

# The reference definition of a word (see module docstring); shingle_batch() must agree with it.
WORD_RE = re.compile("[0-9A-Za-z\u00c0-\u1fff\u3000-\U0010ffff]+")

# Byte classes for the vectorised tokeniser: 1 = part of a word, 0 = separator, 2/3 = the lead
# byte of a 2/3-byte UTF-8 punctuation character (U+0080-U+00BF / U+2000-U+2FFF).
_CLASS = bytearray(256)
for _b in b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz":
    _CLASS[_b] = 1
for _b in range(0x80, 0x100):
    _CLASS[_b] = 1
_CLASS[0xC2] = 2
_CLASS[0xE2] = 3
BYTE_CLASS = bytes(_CLASS)

# Masks keeping the first k bytes of a little-endian 8-byte load, k = 0..8.
_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=U64)
_MAX_CHUNKS = 8  # words up to 64 bytes are hashed in numpy; longer ones (URLs, junk) one by one
_PAD = 16

# Odd 64-bit constants (from splitmix64 / wyhash): multipliers of the shingle and key sums.
_C = tuple(U64(c) for c in (0x9E3779B97F4A7C15, 0xBF58476D1CE4E5B9, 0x94D049BB133111EB,
                             0xD6E8FEB86659FD93, 0xA0761D6478BD642F, 0xE7037ED1A0B428DB,
                             0x8EBC6AF09C88C6E3, 0x589965CC75374CC3))


def fmix64(x: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser on a new array: a bijection with full avalanche."""
    tmp = x >> U64(33)
    x = x ^ tmp
    x *= U64(0xFF51AFD7ED558CCD)
    x ^= np.right_shift(x, U64(33), out=tmp)
    x *= U64(0xC4CEB9FE1A85EC53)
    x ^= np.right_shift(x, U64(33), out=tmp)
    return x


def normalise(text: str) -> str:
    """The text as copy detection sees it: lower-case words joined by single spaces."""
    return " ".join(WORD_RE.findall(text.lower()))


@dataclass(frozen=True, slots=True)
class ShingleBatch:
    """Shingle hashes of a batch of texts, concatenated; doc i owns hashes[offsets[i]:offsets[i+1]]."""

    hashes: np.ndarray  # uint64, in text order, not deduplicated
    offsets: np.ndarray  # int64, length n + 1
    words: np.ndarray  # int64 word count per doc (the "fullness" of a text)
    exact: np.ndarray  # uint64 digest of each normalised word sequence; 0 when empty

    def __len__(self) -> int:
        return len(self.words)

    def doc(self, i: int) -> np.ndarray:
        """Doc i's shingle set: sorted, without repeats."""
        return unique_sorted(self.hashes[self.offsets[i]:self.offsets[i + 1]])


def unique_sorted(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (np.unique is several times slower on uint64)."""
    if len(values) < 2:
        return values.copy()
    ordered = np.sort(values)
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


_ASCII_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


def _tokenise(texts: Sequence[str]) -> tuple[bytes, np.ndarray, np.ndarray, np.ndarray]:
    """Lower-case, encode and join the batch; return (buffer, word starts, word ends, doc offsets)."""
    # str.lower() only where Unicode case matters; ASCII is lowered by one translate of the buffer.
    encoded = [text.encode() if text.isascii() else text.lower().encode("utf-8", "surrogatepass")
               for text in texts]
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded))
    buf = (b" " + b" ".join(encoded) + b" " * _PAD).translate(_ASCII_LOWER)
    doc_start = np.empty(len(encoded) + 1, dtype=np.int64)
    doc_start[0] = 1
    np.cumsum(lengths + 1, out=doc_start[1:])
    doc_start[1:] += 1
    classes = np.frombuffer(bytearray(buf.translate(BYTE_CLASS)), dtype=np.uint8)
    leads = np.flatnonzero(classes >= 2)
    if len(leads):
        three = leads[classes[leads] == 3]
        classes[leads] = 0
        classes[leads + 1] = 0
        classes[three + 2] = 0
    edges = np.flatnonzero(classes[1:] != classes[:-1]) + 1
    return buf, edges[0::2], edges[1::2], doc_start


def _keep_bytes(lengths: np.ndarray) -> np.ndarray:
    """Masks keeping the first min(length, 8) bytes of a little-endian 8-byte load."""
    return _MASKS.take(np.minimum(lengths, 8))


def _word_hashes(buf: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """One 64-bit hash per word: its bytes packed 8 at a time and mixed."""
    windows = np.ndarray((len(buf) - 7,), dtype="<u8", buffer=buf, strides=(1,))
    lengths = ends - starts
    words = windows.take(starts)  # unaligned 8-byte loads (take is faster than [] here)
    words &= _keep_bytes(lengths)
    longer = np.flatnonzero(lengths > 8)
    chunk = 1
    while len(longer) and chunk < _MAX_CHUNKS:
        rest = lengths.take(longer) - 8 * chunk
        piece = windows.take(starts.take(longer) + 8 * chunk)
        piece &= _keep_bytes(rest)
        words[longer] = fmix64(words.take(longer) ^ _C[chunk]) ^ piece
        longer = longer[rest > 8]
        chunk += 1
    for i in longer.tolist():  # longer than 64 bytes: rare, hashed whole
        digest = hashlib.blake2b(buf[starts[i]:ends[i]], digest_size=8).digest()
        words[i] = int.from_bytes(digest, "little")
    return fmix64(words)


_PERIOD = 1 << 17  # position weights repeat after this many words; longer texts use blake2b
_WEIGHTS = fmix64(np.arange(1, _PERIOD + 1, dtype=U64) * _C[6]) | U64(1)


def _sequence_digests(hashes: np.ndarray, first_word: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """A 64-bit digest per doc of its word sequence: the sum of word hashes x position weights."""
    digests = np.zeros(len(counts), dtype=U64)
    nonempty = np.flatnonzero(counts > 0)
    if len(nonempty) == 0:
        return digests
    position = np.arange(len(hashes), dtype=np.int64) - np.repeat(first_word, counts)
    position &= _PERIOD - 1
    terms = _WEIGHTS.take(position)
    terms *= hashes
    sizes = counts[nonempty].astype(U64)
    digests[nonempty] = fmix64(np.add.reduceat(terms, first_word[nonempty]) + sizes * _C[1])
    for i in np.flatnonzero(counts > _PERIOD).tolist():  # weights would repeat: hash it whole
        digest = hashlib.blake2b(hashes[first_word[i]:first_word[i] + counts[i]].tobytes(),
                                 digest_size=8).digest()
        digests[i] = int.from_bytes(digest, "little")
    return digests


def shingle_batch(texts: Sequence[str]) -> ShingleBatch:
    """Word 5-shingle hashes of every text; a text of 1-4 words is one shingle of all its words.

    A shingle's hash is a sum of its (mixed) word hashes times odd constants: distinct shingles
    collide with probability ~2^-64, and any further mixing (a bijection) could not lower that.
    """
    n = len(texts)
    if n == 0:
        empty = np.zeros(0, dtype=U64)
        return ShingleBatch(empty, np.zeros(1, np.int64), np.zeros(0, np.int64), empty)
    buf, starts, ends, doc_start = _tokenise(texts)
    words = _word_hashes(buf, starts, ends)
    first_word = np.searchsorted(starts, doc_start)
    counts = np.diff(first_word)
    total = len(words)
    k = SHINGLE_WORDS
    padded = np.zeros(total + k - 1, dtype=U64)
    padded[:total] = words
    sums = np.multiply(padded[:total], _C[0])
    tmp = np.empty_like(sums)
    for j in range(1, k):
        sums += np.multiply(padded[j:j + total], _C[j], out=tmp)
    valid = np.ones(total, dtype=bool)
    tail = (first_word[1:, None] - np.arange(1, k, dtype=np.int64)[None, :]).ravel()
    valid[tail[tail >= 0]] = False
    short = np.flatnonzero((counts > 0) & (counts < k))
    if len(short):
        # All words of a short text, tagged with their number so they never equal a 5-shingle.
        at = first_word[short]
        size = counts[short]
        acc = size.astype(U64) * _C[5]
        for j in range(k - 1):
            acc += np.where(j < size, padded[at + j], U64(0)) * _C[j]
        sums[at] = acc
        valid[at] = True
    per_doc = np.where(counts >= k, counts - (k - 1), np.minimum(counts, 1))
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(per_doc, out=offsets[1:])
    return ShingleBatch(sums[valid], offsets, counts, _sequence_digests(words, first_word[:-1], counts))
