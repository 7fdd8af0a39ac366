"""How the app's process keeps its memory: tuned for a window that recomputes on every step.

No setting changes a number; each removes pauses measured on this project's benchmarks.
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

#: Whether pause_collection() turned the collector off (and only then does resume turn it on).
_paused = False


def pause_collection() -> None:
    """No garbage collection while start-up imports Qt and builds the window or the figure.

    Nearly everything start-up allocates lives as long as the process (modules, classes, the
    window's widgets and items), so the collections it triggered walked a growing heap to free
    almost nothing: ~170 of them, a full one among them, ~60-80 ms of a ~1 s start (about 850
    objects of garbage at the first paint). `freeze_startup_heap` (or `resume_collection`)
    turns the collector back on."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collection() -> None:
    """Undo `pause_collection` (a no-op if it did not turn the collector off)."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


def freeze_startup_heap() -> None:
    """Exempt what start-up built (the window, its items, the imported modules) from garbage
    collection: it lives as long as the window, and a full collection would otherwise walk all
    of it mid-drag (a pause of up to ~20 ms measured during a slider drag). Start-up's own
    garbage is left in (a collection first would cost start-up ~20 ms for little memory).
    The collector, if start-up paused it, runs again from here on."""
    gc.freeze()
    resume_collection()


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
