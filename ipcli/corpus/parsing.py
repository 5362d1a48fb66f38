"""Parsing files into database rows, on every core, with progress.

``parse_all(jobs, workers=2)`` yields ``Parsed`` results as files finish: the
rows of the document (computed in the worker, search bigrams included, so the
writer only inserts) or the error that made the file unreadable. A progress
report goes to ``progress`` every few seconds (a bar on a terminal, a line in a
CI log).
"""
from __future__ import annotations

import os
import time
from collections import deque
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from ..readers.files import display_path, read_bytes
from .rows import Rows, document_rows


@dataclass(frozen=True)
class Job:
    """One file to parse: where, under which id, with which registry and size cap."""

    path: str
    doc_id: str
    registry_path: str | None
    limit: int | None


@dataclass
class Parsed:
    """What became of a job: ``rows`` (sha256 of the bytes parsed), or an error."""

    path: str
    rows: Rows | None = None
    error: str | None = None
    hint: str | None = None


def parse_job(job: Job) -> Parsed:
    """Parse one file (in a worker process or in-process). The sha256 is that of the
    bytes parsed, which is what the database keys on, even if the file changed
    since it was first hashed."""
    from ..parse.parser import parse_bytes
    from ..parse.registry import Registry
    try:
        data = read_bytes(job.path, job.limit)
        doc = parse_bytes(data, job.doc_id, path=display_path(job.path),
                          registry=Registry.shared(job.registry_path))
    except InputError as exc:
        return Parsed(job.path, error=exc.message, hint=exc.hint)
    return Parsed(job.path, rows=document_rows(doc))


Progress = Callable[[Iterable, str, int], Iterable]


def leave_with_parent(every: float = 0.5) -> None:
    """In a parse worker: exit once the process that started it is gone. Killed with
    SIGKILL (or by the OOM killer), a run cannot stop its workers, and they would
    wait for work forever, each holding its memory."""
    import threading
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(1)
    threading.Thread(target=watch, name="leave-with-parent", daemon=True).start()


def parse_all(jobs: list[Job], workers: int, progress: Progress | None = None
              ) -> Iterator[Parsed]:
    """Results of the jobs, in order; in worker processes when there are enough."""
    if progress is not None and len(jobs) >= 20:
        wrap = lambda items: progress(items, "parsing", len(jobs))  # noqa: E731
    else:
        wrap = lambda items: items  # noqa: E731
    if workers > 1 and len(jobs) >= 32:
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(max_workers=workers, initializer=leave_with_parent) as pool:
            yield from wrap(_in_order(pool, jobs, CHUNK, AHEAD * workers))
    else:
        yield from wrap(map(parse_job, jobs))


CHUNK, AHEAD = 8, 4  # files sent to a worker at a time; chunks in flight per worker


def _in_order(pool, jobs: list[Job], chunk: int, ahead: int) -> Iterator[Parsed]:
    """``pool.map(parse_job, jobs)`` that never runs more than ``ahead`` chunks ahead of
    the caller: the rows of files parsed but not yet written wait in memory, and a
    writer slower than the parsers (10,000 notices on 2 cores) made that backlog
    hundreds of MB."""
    chunks = (jobs[i:i + chunk] for i in range(0, len(jobs), chunk))
    pending = deque(pool.submit(parse_jobs, c) for c in islice(chunks, ahead))
    try:
        while pending:
            done = pending.popleft().result()
            following = next(chunks, None)
            if following is not None:
                pending.append(pool.submit(parse_jobs, following))
            yield from done
    finally:  # an error, Ctrl-C or a caller that stops: queued chunks are not parsed
        for future in pending:
            future.cancel()


def parse_jobs(jobs: list[Job]) -> list[Parsed]:
    return [parse_job(job) for job in jobs]


def log_progress(items: Iterable, description: str, total: int,
                 write: Callable[[str], None], every: float = 5.0) -> Iterator:
    """A plain progress line every ``every`` seconds (for logs, where a bar would not do):
    ``parsing: 2,400/10,000 (24%), 31 s``."""
    started = last = time.monotonic()
    for done, item in enumerate(items, start=1):
        yield item
        now = time.monotonic()
        if now - last >= every and done < total:
            last = now
            write(f"{description}: {done:,}/{total:,} ({done * 100 // max(total, 1)}%), "
                  f"{now - started:.0f} s")
