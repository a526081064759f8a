"""Giving freed memory back: a kiosk's resident size must come down after a busy day, not only go up."""

from __future__ import annotations

import ctypes
import sys

import pytest

from kiosk.core.memory import heap_in_use, release_free_memory


def c_library() -> ctypes.CDLL:
    """The C library the process runs on, with malloc and free typed for pointers."""
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]
    return libc


def rss_kib() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_freed_blocks_pinned_behind_a_live_one_go_back_to_the_system() -> None:
    libc = c_library()
    # 64 MiB of small blocks (below the mmap threshold, so they live in the heap), then all freed but
    # one block in every 256: the heap cannot shrink from its top, the pages between stay resident.
    blocks = [libc.malloc(1024) for _ in range(64 * 1024)]
    for block in blocks:
        ctypes.memset(block, 1, 1024)  # make every page resident
    kept = blocks[255::256]
    for i, block in enumerate(blocks):
        if i % 256 != 255:
            libc.free(block)
    before = rss_kib()
    assert release_free_memory()
    after = rss_kib()
    for block in kept:
        libc.free(block)
    assert before - after > 32 * 1024, f"resident {before} KiB before, {after} KiB after"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mallinfo2 is glibc's")
def test_heap_in_use_counts_blocks_handed_out_and_not_freed() -> None:
    libc = c_library()
    before = heap_in_use()
    assert before is not None and before > 0
    blocks = [libc.malloc(1024) for _ in range(8 * 1024)]  # 8 MiB in small blocks
    during = heap_in_use()
    for block in blocks:
        libc.free(block)
    after = heap_in_use()
    assert during is not None and after is not None
    assert 7 * 1024 * 1024 < during - before < 10 * 1024 * 1024
    assert abs(after - before) < 1024 * 1024
