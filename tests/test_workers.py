"""The worker pool's supervision, on tasks that are not files: results in order, and no hang when workers die."""

from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from pii_excel.untrusted.workers import Supervisor, TaskFailed

pytestmark = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork", reason="the failures are injected through fork"
)


def _state() -> str:
    return "ready"


def _square(state: str, task: int) -> tuple[str, int]:
    if task == 13:
        os._exit(7)  # a native crash on this task
    return state, task * task


def _run(tasks, work, init, **options) -> list:
    with Supervisor(work, init, **options) as supervisor:
        return supervisor.run(tasks)


def _gone() -> str:
    os._exit(3)  # a worker that dies before it takes any task


def test_results_come_back_in_task_order_and_a_crash_costs_only_its_task():
    seen = []
    with Supervisor(_square, _state, jobs=2) as supervisor:
        results = supervisor.run(range(40), progress=lambda done, total: seen.append(done))
    assert results[13] == TaskFailed("died", "exit code 7")
    assert [r for i, r in enumerate(results) if i != 13] == [("ready", i * i) for i in range(40) if i != 13]
    assert seen == list(range(1, 41))


def test_workers_that_die_before_any_task_end_the_run_instead_of_hanging():
    started = time.monotonic()
    results = _run(range(3), _square, _gone, jobs=1, task_seconds=5)
    assert all(isinstance(r, TaskFailed) and r.reason == "died" for r in results)
    assert time.monotonic() - started < 60


def test_workers_found_gone_before_they_are_given_a_task_are_replaced_then_the_task_fails(monkeypatch):
    import pii_excel.untrusted.workers as workers

    started_worker = workers._Worker.__init__

    def start_and_let_die(self, *args):
        started_worker(self, *args)
        self.process.join(10)  # gone before the parent sends anything: sending fails

    monkeypatch.setattr(workers._Worker, "__init__", start_and_let_die)
    results = _run(range(2), _square, _gone, jobs=1, task_seconds=5)
    assert results == [TaskFailed("died", "worker gone before the task")] * 2


def _pid(state: str, task: int) -> int:
    if task == 13:
        os._exit(7)
    return os.getpid()


def test_workers_stay_for_the_next_batch_and_one_lost_is_replaced():
    """Intake's two batches (identify every file, then read in full the ones used) run on the same workers; a
    worker lost in one batch is replaced, and its task alone fails."""
    with Supervisor(_pid, _state, jobs=2) as supervisor:
        first = supervisor.run(range(8))
        second = supervisor.run(range(8))
        assert set(first) == set(second) and len(set(first)) == 2  # the same two processes
        third = supervisor.run(range(10, 16))
        assert third[3] == TaskFailed("died", "exit code 7")
        fourth = set(supervisor.run(range(8)))
        assert len(fourth) == 2 and len(fourth & set(first)) == 1  # the lost worker replaced, the other kept
    assert supervisor.workers == []  # stopped when the run ends
