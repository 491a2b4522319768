"""Record keys and cell keys of the cell-key method.

Every record (a contact, a wait, a survey answer) gets a record key: a keyed hash of its
identifier, read as a whole number in [0, 2**32). A keyed hash (BLAKE2b with the deployment's
secret) rather than a random draw means that loading the same export again gives every record the
same key, and that without the secret nobody can work out a key from an identifier.

Each aggregate row stores, beside each count, the sum of its records' keys modulo 2**32 (column
``<count>_ckey``). Sums are additive, so the cell key of any roll-up (any area, period, theme,
channel) is the sum of its rows' keys modulo 2**32, computed in the same SQL as the count. Whole
numbers keep that sum exact in every order, so one cell gets one key whichever query asks.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np
from sqlalchemy import BigInteger, cast, func

KEY_BITS = 32
KEY_MODULUS = 1 << KEY_BITS
CKEY_SUFFIX = "_ckey"

# The demo's pseudo-records are synthetic, so their keys may come from a public secret. Real loads
# need the deployment's own secret (config.key_secret), which never enters the database or the repo.
DEMO_SECRET = b"wijkmonitor demo: synthetic records only"


def ckey(column: str) -> str:
    return column + CKEY_SUFFIX


def record_keys(secret: bytes, kind: str, identifiers: Iterable[str]) -> np.ndarray:
    """The record key of each identifier, as int64 in [0, 2**32)."""
    keyed = hashlib.blake2b(kind.encode() + b"\0", key=secret, digest_size=4)  # copied per record: keyed once

    def key(identifier) -> int:
        hasher = keyed.copy()
        hasher.update(str(identifier).encode())
        return int.from_bytes(hasher.digest(), "big")

    identifiers = identifiers.tolist() if hasattr(identifiers, "tolist") else identifiers  # plain str, not Arrow scalars
    return np.fromiter(map(key, identifiers), dtype=np.int64)


def scramble(keys) -> np.ndarray:
    """A fixed bijection of 32-bit keys that does not respect addition (MurmurHash3's finaliser).

    Cell keys add up, so a total and the same total without one small cell have keys that differ
    by the small cell's key. Looked up directly, the two land in the same interval of the
    perturbation table whenever that key is near 0 or 1, get the same noise, and their difference
    repeats the hidden count exactly, in every such pair. Scrambled first, neighbouring keys land
    anywhere, and the two noises are as good as independent.
    """
    h = np.asarray(keys, dtype=np.uint64) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    h = (h * np.uint64(0x85EBCA6B)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(13)
    h = (h * np.uint64(0xC2B2AE35)) & np.uint64(0xFFFFFFFF)
    h ^= h >> np.uint64(16)
    return h.astype(np.int64)


def reduce(values) -> np.ndarray:
    """Key sums taken modulo 2**32 (accepts numpy arrays, pandas Series and Python or Decimal sums)."""
    return np.asarray([int(v) for v in values], dtype=np.int64) % KEY_MODULUS


def key_sum(column, label: str | None = None):
    """SQL for the sum of a key column, as a whole number on every backend (PostgreSQL sums
    bigint into numeric)."""
    expression = cast(func.coalesce(func.sum(column), 0) % KEY_MODULUS, BigInteger)
    return expression.label(label or column.name)
