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

_FUNCTION: Callable | None = None  # in a worker: what it calls (each worker's own)


def forked_map(function: Callable[[T], R], items: Iterable[T], workers: int, chunksize: int = 1,
               wrap: Callable[[Iterator[R]], Iterator[R]] | None = None) -> list[R]:
    """``list(map(function, items))``, in ``workers`` forked processes when there are
    more than one; ``wrap`` may wrap the results as they come (a progress bar). A
    worker that dies (killed, out of memory) raises ``WorkerLost``, never a hang."""
    import multiprocessing
    wrap = wrap or (lambda results: results)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return list(wrap(map(function, items)))
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from ..errors import WorkerLost
    # forked with the function (initargs are not pickled under fork): two callers in
    # two threads each have their own workers
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start, initargs=(function,))
    try:
        return list(wrap(pool.map(_call, items, chunksize=chunksize)))
    except BrokenProcessPool:
        raise WorkerLost("a worker process died (killed, or out of memory)",
                         "run the command again; if it recurs, free memory or compare fewer "
                         "documents at once") from None
    finally:  # an error or Ctrl-C: what is queued is dropped, what runs finishes
        pool.shutdown(wait=True, cancel_futures=True)


def _start(function: Callable) -> None:
    import signal

    from ..corpus.parsing import leave_with_parent
    global _FUNCTION
    _FUNCTION = function
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    leave_with_parent()


def _call(item):
    return _FUNCTION(item)
