"""forked_map: a function over items in forked workers, in order."""
from __future__ import annotations

import os

import pytest

from ipcli.analyses.forked import forked_map


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_results_come_in_order_from_a_closure_over_the_callers_data(workers):
    clauses = {k: "加强知识产权保护" * (k % 7) for k in range(500)}  # never sent: the workers inherit it

    def length(k):
        return k, len(clauses[k]), os.getpid()
    found = forked_map(length, range(500), workers, chunksize=7)
    assert [(k, n) for k, n, _ in found] == [(k, len(clauses[k])) for k in range(500)]
    pids = {pid for _, _, pid in found}
    assert (pids == {os.getpid()}) if workers == 1 else (os.getpid() not in pids)


def test_wrap_sees_the_results_as_they_come():
    seen = []

    def wrap(results):
        for r in results:
            seen.append(r)
            yield r
    assert forked_map(str, range(20), 2, wrap=wrap) == [str(k) for k in range(20)] == seen


def test_an_error_in_a_worker_reaches_the_caller():
    with pytest.raises(ZeroDivisionError):
        forked_map(lambda k: 1 // (k - 3), range(6), 2)


@pytest.mark.parametrize("death", ["exit", "kill"])
def test_a_worker_that_dies_is_an_error_not_a_hang(death):
    """The out-of-memory killer is how a worker really dies: the command must stop with
    an error (exit 2), not wait for the lost work forever."""
    import signal

    from ipcli.errors import WorkerLost

    def fragile(k):
        if k == 5:
            if death == "exit":
                os._exit(1)
            os.kill(os.getpid(), signal.SIGKILL)
        return k
    with pytest.raises(WorkerLost) as raised:
        forked_map(fragile, range(40), 2)
    assert raised.value.exit_code == 2 and "died" in raised.value.message


def test_two_threads_each_get_their_own_function():
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(2) as threads:
        square = threads.submit(forked_map, lambda k: k * k, range(200), 2)
        negate = threads.submit(forked_map, lambda k: -k, range(200), 2)
        assert square.result() == [k * k for k in range(200)]
        assert negate.result() == [-k for k in range(200)]
