"""How the app's process keeps its memory: tuned for a window that recomputes on every step.

Neither setting changes a number; both remove pauses measured on this project's benchmarks.
"""

from __future__ import annotations

import ctypes
import gc
import sys

#: glibc's mallopt parameters (malloc.h).
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
#: Freed blocks up to this size stay mapped for the next analysis.
KEEP_MAPPED_BYTES = 32 * 1024 * 1024  # glibc caps the mmap threshold at 32 MB (64-bit)


def freeze_startup_heap() -> None:
    """Exempt what start-up built (the window, its items, the imported modules) from garbage
    collection: it lives as long as the window, and a full collection would otherwise walk all
    of it mid-drag (a pause of up to ~20 ms measured during a slider drag). Start-up's own
    garbage is left in (a collection first would cost start-up ~20 ms for little memory)."""
    gc.freeze()


def keep_freed_memory() -> bool:
    """Keep the analysis's temporaries mapped between runs (glibc only; elsewhere a no-op).

    glibc hands blocks over 128 KB to the OS when freed, so each analysis (about 6 MB of
    Monte Carlo arrays, off the GUI thread) faulted its memory in again: ~2,000 minor page
    faults, a quarter of the conditioned bands' time (benchmarks/analysis_speed.py). Keeping
    up to KEEP_MAPPED_BYTES mapped costs the process that much resident memory at most, held
    for the next run. True if the allocator took the setting.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        # The process's own symbols (libc among them): find_library would run ldconfig.
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # no mallopt (musl): nothing to set
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    took_mmap = mallopt(M_MMAP_THRESHOLD, KEEP_MAPPED_BYTES) == 1
    took_trim = mallopt(M_TRIM_THRESHOLD, 2 * KEEP_MAPPED_BYTES) == 1
    return bool(took_mmap and took_trim)
