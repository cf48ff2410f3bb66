"""Read ``size`` bytes at ``offset`` of a file descriptor, on every platform.

``os.pread`` does not exist on Windows; there the file position is moved and read under a lock, so
that two threads reading the same descriptor never interleave their seek and read.
"""

from __future__ import annotations

import os
import threading

_LOCK = threading.Lock()


def pread(fd: int, size: int, offset: int) -> bytes:
    """Up to ``size`` bytes of ``fd`` from ``offset`` (fewer only at the end of the file)."""
    native = getattr(os, "pread", None)
    if native is not None:
        data: bytes = native(fd, size, offset)
        return data
    with _LOCK:
        os.lseek(fd, offset, os.SEEK_SET)
        chunks: list[bytes] = []
        remaining = size
        while remaining > 0:
            chunk = os.read(fd, remaining)
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
