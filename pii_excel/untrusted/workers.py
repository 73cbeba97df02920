"""Run untrusted reads in supervised worker processes: a native crash, a hang or a memory blow-up costs
one file, never the run.

Each worker has its own address-space limit (where the system offers one) and each task a time limit; a
worker that dies or overruns is killed and replaced, and its task is reported as failed. Only plain data
crosses the process boundary: tasks in, results out.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

DEFAULT_TASK_SECONDS = 120.0  # a filled template reads in well under a second
DEFAULT_MEMORY_BYTES = 768 * 1024 * 1024  # extra address space one worker may take beyond its start
IN_FLIGHT = 2  # tasks sent to a worker ahead of its answers; those behind a task that fails are sent again


@dataclass(frozen=True)
class TaskFailed:
    """What happened to a task whose worker did not answer."""

    reason: str  # "died" | "timeout"
    detail: str = ""


def _address_space_now() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def _limit_memory(extra: int) -> None:
    try:
        import resource
    except ImportError:  # Windows: the pre-read bounds of each format still apply
        return
    now = _address_space_now()
    if now is None or not extra:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = now + extra
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _worker_main(
    conn: Connection, init: Callable[..., Any], init_args: tuple[Any, ...], work: Callable[[Any, Any], Any], memory: int
) -> None:
    # Native readers print panics and backtraces straight to the terminal; staff must never see them.
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
    faulthandler.disable()  # a crash here is reported as the file's finding, not as a dump on the console
    _limit_memory(memory)
    state = init(*init_args)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, task = message
        conn.send((index, work(state, task)))


class _Worker:
    """One worker process and the tasks sent to it, oldest first: the oldest is being worked on, the others wait
    in its pipe so that it never sits idle while the parent takes in a result."""

    def __init__(
        self,
        ctx: Any,
        init: Callable[..., Any],
        init_args: tuple[Any, ...],
        work: Callable[[Any, Any], Any],
        memory: int,
    ) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, init, init_args, work, memory), daemon=True)
        self.process.start()
        child.close()
        self.pending: deque[tuple[int, Any]] = deque()
        self.started = 0.0  # when the oldest pending task began (as near as the parent can tell)

    def give(self, index: int, task: Any) -> None:
        self.conn.send((index, task))  # a worker that is gone raises here, and the task was not given
        if not self.pending:
            self.started = time.monotonic()
        self.pending.append((index, task))

    def answered(self) -> int:
        """The oldest task is answered: the next one starts now."""
        index, _ = self.pending.popleft()
        self.started = time.monotonic()
        return index

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


class Supervisor:
    """Worker processes that run batches of tasks: the workers of one batch stay for the next (a run reads every
    file to learn whose it is, then reads the files it keeps in full), so none is started twice.

    `work(init(*init_args), task)` runs in a worker; `work` must catch its own exceptions and return plain,
    picklable data. A task whose worker dies or runs longer than `task_seconds` yields a TaskFailed instead.
    """

    def __init__(
        self,
        work: Callable[[Any, Any], Any],
        init: Callable[..., Any],
        init_args: tuple[Any, ...] = (),
        jobs: int = 1,
        task_seconds: float = DEFAULT_TASK_SECONDS,
        memory_bytes: int = DEFAULT_MEMORY_BYTES,
    ) -> None:
        self.work, self.init, self.init_args = work, init, init_args
        self.jobs, self.task_seconds, self.memory_bytes = jobs, task_seconds, memory_bytes
        self.ctx = multiprocessing.get_context()
        self.workers: list[_Worker] = []

    def __enter__(self) -> Supervisor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        for worker in self.workers:
            worker.stop(kill=bool(worker.pending))
        self.workers.clear()

    def run(
        self,
        tasks: Iterable[Any],
        progress: Callable[[int, int], None] | None = None,
        on_result: Callable[[Any], Any] | None = None,
    ) -> list[Any]:
        """Every task's result, in task order. `on_result` is applied to each result as it arrives, and what it
        returns is kept (to put large results aside as they come)."""
        queue = deque(enumerate(tasks))
        total = len(queue)
        results: list[Any] = [None] * total
        workers, jobs, task_seconds = self.workers, self.jobs, self.task_seconds
        done = 0
        lost = 0  # workers found gone in a row, before any answer

        def finish(index: int, outcome: Any) -> None:
            nonlocal done, lost
            results[index] = outcome
            done, lost = done + 1, 0
            if progress:
                progress(done, total)

        def take(worker: _Worker) -> None:
            _, outcome = worker.conn.recv()
            index = worker.answered()
            finish(index, on_result(outcome) if on_result else outcome)

        def fail(worker: _Worker, failure: TaskFailed) -> None:
            """The worker's current task failed: record it, send the tasks queued behind it again, retire the
            worker."""
            index, _ = worker.pending.popleft()
            finish(index, failure)
            queue.extendleft(reversed(worker.pending))
            worker.pending.clear()
            worker.stop(kill=True)
            workers.remove(worker)

        try:
            while done < total:
                while len(workers) < min(jobs, total - done):
                    workers.append(_Worker(self.ctx, self.init, self.init_args, self.work, self.memory_bytes))
                for worker in list(workers):
                    while len(worker.pending) < IN_FLIGHT and queue:
                        try:
                            worker.give(*queue[0])
                        except OSError:  # gone while idle, or dying on its current task (which `wait` will report)
                            if not worker.pending:
                                worker.stop(kill=True)
                                workers.remove(worker)
                                lost += 1
                                if lost > 3:  # workers die before taking any task: the task cannot be read here
                                    finish(queue.popleft()[0], TaskFailed("died", "worker gone before the task"))
                            break
                        queue.popleft()
                if not any(w.pending for w in workers):
                    continue  # every worker was gone: new ones are started
                busy = [w for w in workers if w.pending]
                deadline = min(w.started for w in busy) + task_seconds
                ready = wait(
                    [w.conn for w in busy] + [w.process.sentinel for w in busy],
                    timeout=max(0.0, deadline - time.monotonic()),
                )
                for worker in busy:
                    died = worker.process.sentinel in ready
                    if worker.conn in ready:
                        # one answer per wake-up: asking the pipe whether there is another costs a wait of its own,
                        # and the next `wait` returns at once when there is
                        try:
                            take(worker)
                        except (EOFError, OSError):
                            died = True
                        if not died:
                            continue
                    if died:
                        with contextlib.suppress(EOFError, OSError):
                            while worker.pending and worker.conn.poll():  # answers sent before it died still count
                                take(worker)
                        worker.process.join(1)
                        if worker.pending:
                            fail(worker, TaskFailed("died", f"exit code {worker.process.exitcode}"))
                        else:
                            worker.stop(kill=True)
                            workers.remove(worker)
                    elif time.monotonic() - worker.started > task_seconds:
                        fail(worker, TaskFailed("timeout", f"over {task_seconds:.0f} s"))
        except BaseException:
            self.close()  # a worker may be mid-task: the next batch must not receive its answer
            raise
        return results
