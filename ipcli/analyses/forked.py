"""A function mapped over items on every core, in forked workers.

``forked_map(align_pair, range(len(pairs)), workers=2)`` → ``[align_pair(0), …]``,
in order. The workers are forked, so ``function`` may be a closure over anything
the command holds (two years of clauses, a loaded jieba): only the items and the
results cross between processes, so both should be small (indexes in, numbers
out). With one worker, or where fork does not exist, it is a plain ``map``.

Workers leave Ctrl-C to the command (which stops the pool: no traceback from each
worker) and exit when the command is killed.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_FUNCTION: Callable | None = None  # what a forked worker calls (set just before the fork)


def forked_map(function: Callable[[T], R], items: Iterable[T], workers: int, chunksize: int = 1,
               wrap: Callable[[Iterator[R]], Iterator[R]] | None = None) -> list[R]:
    """``list(map(function, items))``, in ``workers`` forked processes when there are
    more than one; ``wrap`` may wrap the results as they come (a progress bar)."""
    import multiprocessing
    wrap = wrap or (lambda results: results)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return list(wrap(map(function, items)))
    import gc
    global _FUNCTION
    _FUNCTION = function
    gc.freeze()  # what the workers inherit is never scanned by their collector (no copies)
    try:
        with multiprocessing.get_context("fork").Pool(workers, _start) as pool:
            return list(wrap(pool.imap(_call, items, chunksize=chunksize)))
    finally:
        _FUNCTION = None
        gc.unfreeze()


def _start() -> None:
    import signal

    from ..corpus.parsing import leave_with_parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    leave_with_parent()


def _call(item):
    return _FUNCTION(item)
