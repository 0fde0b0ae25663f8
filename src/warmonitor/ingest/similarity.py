"""Content hashes and near-duplicate detection (word shingles, MinHash, LSH bands).

A report is an *exact duplicate* of another when their normalised texts hash the
same.  It is a *near-duplicate* (a republished wire copy with small edits) when
the estimated Jaccard similarity of their word 5-shingles is at least the
threshold (``Settings.near_duplicate_threshold``, default 0.5).  Candidates are
found through locality-sensitive hashing: the 128-value MinHash signature is cut
into 32 bands of 4 rows, and two reports sharing any band are compared.  With
these numbers a pair at similarity 0.5 is found with probability 0.87, at 0.6
with 0.99 and at 0.7 or more with over 0.999; a pair at 0.1 becomes a candidate
with probability 0.003 (it is then rejected by the comparison).

The MinHash is computed here with numpy; warmonitor no longer depends on
``datasketch``, whose ``MinHash`` drew its 128 permutations again for every text
(0.3 ms, about half the cost of a signature) and whose package took half a second
to import.  The values are those of ``datasketch.MinHash(num_perm=128, seed=1)`` in
its default ``affine32`` scheme (datasketch 2.x), so signatures stored before the
change still compare: each shingle's UTF-8 bytes hashed by the first four bytes of
SHA-1 (little-endian), mixed by the MurmurHash3 32-bit finalizer, then permuted by
``a * h + b mod 2**32`` with the ``a`` (odd) and ``b`` that
``numpy.random.RandomState(1)`` draws, and the minimum kept per permutation.
(Checked identical to datasketch 2.0's on 1,005 texts, empty and non-ASCII ones
included, when this was written.)

``compute_fingerprint`` gathers what the store needs of a text (content hash, signature,
band keys) in one picklable record, so that ingest can compute it in a helper
process while the main process stores the previous reports.
"""

from __future__ import annotations

import hashlib
import re
import struct
import unicodedata
from dataclasses import dataclass

import numpy as np

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 5
_SEED = 1

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The text as stored: Unicode NFC, line ends unified, trailing space trimmed."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def content_hash(text: str) -> str:
    """SHA-256 of the text with all whitespace runs collapsed (layout does not matter)."""
    flat = _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(flat.encode("utf-8")).hexdigest()


def shingles(text: str, *, size: int = SHINGLE_WORDS) -> set[str]:
    """Word ``size``-grams of the case-folded text (the whole text when it is shorter)."""
    words = _WORD.findall(text.casefold())
    if len(words) <= size:
        return {" ".join(words)}
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The ``a`` (odd) and ``b`` of the 128 affine permutations, drawn as datasketch does."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


_PERM_A, _PERM_B = _permutations()


def _fmix32(hv: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finalizer (wrapping uint32 arithmetic)."""
    hv = hv ^ (hv >> np.uint32(16))
    hv = hv * np.uint32(0x85EBCA6B)
    hv = hv ^ (hv >> np.uint32(13))
    hv = hv * np.uint32(0xC2B2AE35)
    mixed: np.ndarray = hv ^ (hv >> np.uint32(16))
    return mixed


def minhash_signature(text: str) -> bytes:
    """The MinHash signature of the text's shingles, packed as 128 unsigned 32-bit ints."""
    sha1 = hashlib.sha1
    digests = b"".join([sha1(s).digest() for s in map(str.encode, shingles(text))])
    # Each SHA-1 digest is 20 bytes, five uint32s: the first of each is the hash.
    hv = _fmix32(np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)).reshape(-1, 1)
    signature = (hv * _PERM_A + _PERM_B).min(axis=0)
    return bytes(signature.astype("<u4").tobytes())


def band_keys(signature: bytes) -> list[int]:
    """One signed 64-bit key per LSH band (the band index is part of the key)."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS * 4 : (band + 1) * ROWS * 4]
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(struct.unpack("<q", digest)[0])
    return keys


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What the store compares a text by: its content hash, MinHash and LSH band keys."""

    content_hash: str
    minhash: bytes
    bands: tuple[int, ...]


def compute_fingerprint(text: str) -> Fingerprint:
    """The content hash, MinHash signature and band keys of ``text``."""
    signature = minhash_signature(text)
    return Fingerprint(content_hash(text), signature, tuple(band_keys(signature)))


def similarity(signature_a: bytes, signature_b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    a = np.frombuffer(signature_a, dtype="<u4")
    b = np.frombuffer(signature_b, dtype="<u4")
    return float(np.count_nonzero(a == b)) / NUM_PERM
