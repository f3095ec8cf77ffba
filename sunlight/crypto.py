"""National (GM/T) cryptography used across Sunlight, through the `cryptography` package."""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes


def sm3_hex(data: bytes | str) -> str:
    """SM3 digest (GB/T 32905-2016) as 64 lowercase hex characters."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return digest.finalize().hex()
