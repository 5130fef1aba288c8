"""How often Python's cyclic garbage collector runs while councilkit works (see `fewer_collections`)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between young-generation collections while councilkit works (Python's default:
#: 700), and young collections per middle one (default 10).
_GC_YOUNG = 100_000
_GC_MIDDLE = 20


@contextmanager
def fewer_collections(*, process_ends: bool = False) -> Iterator[None]:
    """Let the cyclic garbage collector run less often while a command runs or a document is made.

    A large plan builds hundreds of thousands of small objects that all stay alive (the kompas, the
    markdown-it tokens, the document tree, the Word XML); with the default threshold the collector
    walks them again and again, a third of the CPU time for 10.000 results. Start-up is the same
    story on a small scale: importing pydantic and councilkit's models makes objects that live until
    the program ends, and the collector ran ~70 times for a Breda plan (11 ms of its CPU time), so
    `cli.main` runs the whole command like this. Nothing is switched off and peak memory stayed the
    same in `benchmarks/bench_plan_growth.py`; the old setting returns after.

    `process_ends` (only the console script, which exits right after) first moves every object to
    the permanent generation (`gc.freeze`): with the old threshold back, the next allocation would
    otherwise start a young collection that walks everything made since the last one (~100.000
    objects, 12–14 ms of a Breda plan's CPU), just before the interpreter frees it all anyway.
    """
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], _GC_YOUNG), max(old[1], _GC_MIDDLE), *old[2:])
    try:
        yield
    finally:
        if process_ends:
            gc.freeze()
        gc.set_threshold(*old)
