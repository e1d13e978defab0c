"""Sketches that turn "nearly the same" into shared keys (R-104).

Titles: MinHash over character bigrams of the normalised title, cut into BANDS bands of ROWS hashes (LSH);
two titles with Jaccard similarity J share at least one band with probability 1 − (1 − J^ROWS)^BANDS
(J = 0.8: 98.5 %; J = 0.3: 6 %), and every candidate is then verified on the real bigram sets.
Images: a 64-bit perceptual hash (imagehash.phash) cut into IMAGE_BANDS chunks; two images within
IMAGE_BANDS − 1 bits share a chunk by the pigeonhole principle, and candidates are verified by Hamming distance.

The same functions serve one title (the check at submission) and a million (the batch, with numpy), and give
the same keys, which a test checks.
"""

import hashlib
import itertools
from collections.abc import Sequence

import numpy as np

BANDS = 8
ROWS = 4
TITLE_THRESHOLD = 0.7  # Jaccard similarity of bigram sets that counts as the same title re-typed
ESTIMATE_FLOOR = 0.45  # the batch verifies exactly only candidates whose signatures agree at least this much
IMAGE_BANDS = 4
CHUNK = 20_000
IMAGE_THRESHOLD = 8  # differing bits of two 64-bit perceptual hashes that count as the same picture

_MASK63 = (1 << 63) - 1
_MIX = 0x9E3779B97F4A7C15
_rng = np.random.default_rng(20260104)  # fixed: keys stored at submission must match the batch's
# h_i(x) = A_i · splitmix64(x) + B_i (mod 2^64), A_i odd: the minimum is decided by the well-mixed high bits.
_A = _rng.integers(0, 1 << 63, size=BANDS * ROWS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.integers(0, 1 << 63, size=BANDS * ROWS, dtype=np.uint64)


def _splitmix(z: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        z = z + np.uint64(_MIX)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def key(kind: str, value: str) -> int:
    """A 63-bit key for an exact value of one kind (blake2b), stored and compared as a bigint."""
    digest = hashlib.blake2b(f"{kind}\x1f{value}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") & _MASK63


def shingles(text: str) -> list[int]:
    """Character bigrams of a normalised text as integers; a one-character text counts as doubled."""
    if len(text) == 1:
        text += text
    return [(ord(a) << 21) | ord(b) for a, b in itertools.pairwise(text)]


def jaccard(a: str, b: str) -> float:
    sa, sb = set(shingles(a)), set(shingles(b))
    return len(sa & sb) / len(sa | sb) if sa or sb else 0.0


def _band_keys(minima: np.ndarray) -> np.ndarray:
    """(n, BANDS*ROWS) minima → (n, BANDS) 63-bit keys; the band number is mixed in so bands never collide."""
    n = minima.shape[0]
    rows = minima.reshape(n, BANDS, ROWS)
    keys = np.broadcast_to(np.arange(1, BANDS + 1, dtype=np.uint64), (n, BANDS)).copy()
    with np.errstate(over="ignore"):
        for r in range(ROWS):
            keys = keys * np.uint64(_MIX) + rows[:, :, r]
            keys ^= keys >> np.uint64(29)
    return (keys & np.uint64(_MASK63)).astype(np.int64)


def title_bands(titles: Sequence[str]) -> np.ndarray:
    """For normalised titles, an (n, BANDS) array of band keys; an empty title gets zeros (never matched)."""
    return title_sketches(titles)[0]


def title_sketches(titles: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Band keys (n, BANDS) and MinHash signatures (n, BANDS*ROWS, the high 32 bits of each minimum).

    Vectorised: all titles become one array of code points, bigrams are formed across it and those spanning
    two titles are dropped; each hash function is then one multiply-add and one segmented minimum.
    The share of equal signature entries estimates the Jaccard similarity of two titles.
    """
    bands = np.zeros((len(titles), BANDS), dtype=np.int64)
    signatures = np.zeros((len(titles), BANDS * ROWS), dtype=np.uint32)
    for first in range(0, len(titles), CHUNK):  # chunks keep the working arrays in the CPU cache
        part = slice(first, first + CHUNK)
        bands[part], signatures[part] = _title_sketches(titles[part])
    return bands, signatures


def _title_sketches(titles: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    bands = np.zeros((len(titles), BANDS), dtype=np.int64)
    signatures = np.zeros((len(titles), BANDS * ROWS), dtype=np.uint32)
    present = [i for i, t in enumerate(titles) if t]
    if not present:
        return bands, signatures
    texts = [titles[i] * 2 if len(titles[i]) == 1 else titles[i] for i in present]
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    bigrams = (codes[:-1] << np.uint64(21)) | codes[1:]
    ends = np.cumsum(lengths)
    keep = np.ones(len(bigrams), dtype=bool)
    keep[ends[:-1] - 1] = False  # the bigram made of one title's last and the next title's first character
    values = _splitmix(bigrams[keep])
    starts = np.concatenate(([0], np.cumsum(lengths - 1)[:-1]))
    minima = np.empty((len(texts), BANDS * ROWS), dtype=np.uint64)
    hashed = np.empty_like(values)
    with np.errstate(over="ignore"):
        for h in range(BANDS * ROWS):
            np.multiply(values, _A[h], out=hashed)
            np.add(hashed, _B[h], out=hashed)
            minima[:, h] = np.minimum.reduceat(hashed, starts)
    bands[present] = _band_keys(minima)
    signatures[present] = (minima >> np.uint64(32)).astype(np.uint32)
    return bands, signatures


def image_bands(phash: int) -> list[int]:
    """The chunks of a 64-bit perceptual hash, each tagged with its position."""
    width = 64 // IMAGE_BANDS
    return [(i << width) | ((phash >> (i * width)) & ((1 << width) - 1)) for i in range(IMAGE_BANDS)]


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()
