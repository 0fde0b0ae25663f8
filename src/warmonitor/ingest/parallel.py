"""An ordered, bounded map over helper processes, for the CPU-bound stages of ingest.

Ingest spends as much time telling a report's language and fingerprinting its
text as storing it, and storing (one SQLite writer) cannot be shared.  ``ordered_map``
runs a function over a stream in helper processes while the caller consumes the
results, so that a second core works on the next reports while the first stores.

- Order: chunk *k* goes to helper *k mod n* and its results are read back in the
  order the chunks were sent, so results come out in input order.
- Memory: at most ``window`` chunks are in flight; the input is read only as fast
  as results are consumed.
- Ends: the helpers stop when the stream ends, when the caller stops early (the
  generator is closed) and when the parent process dies, even by SIGKILL (a helper
  waiting for work looks at its parent every second).  They never touch the database.

Helpers are forked when the platform allows it (no start-up cost: they inherit the
loaded language model) and the parent runs no other thread; otherwise spawned.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import queue
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
A = TypeVar("A")
R = TypeVar("R")

# How long a helper waits for work before it checks that its parent still lives.
_PARENT_CHECK_SECONDS = 1.0


def default_helpers() -> int:
    """One helper per core beyond the first (the caller's), at least one, at most four."""
    return max(1, min(4, (os.cpu_count() or 2) - 1))


def ordered_map(
    func: Callable[[A], R],
    items: Iterable[T],
    *,
    arg: Callable[[T], A],
    helpers: int = 1,
    chunk_size: int = 32,
    window: int = 4,
) -> Iterator[tuple[T, R]]:
    """Each item with ``func(arg(item))``, computed in ``helpers`` processes, in input order.

    ``func`` must be a module-level function (it is pickled when helpers are
    spawned), ``arg(item)`` and the results picklable.  An exception ``func``
    raises is raised here, at its item.
    """
    context = _context()
    parent = os.getpid()
    # A forked helper flushes the standard streams when it ends: empty them first, so
    # that nothing the parent had buffered is written twice.
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    pool: list[tuple[BaseProcess, Any, Any]] = []
    try:
        for _ in range(max(1, helpers)):
            tasks = context.Queue()
            results = context.Queue()
            process = context.Process(
                target=_serve, args=(func, tasks, results, parent), daemon=True
            )
            process.start()
            pool.append((process, tasks, results))
        yield from _run(pool, items, arg=arg, chunk_size=chunk_size, window=max(1, window))
    finally:
        _stop(pool)


def _context() -> ForkContext | SpawnContext:
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _run(
    pool: list[tuple[BaseProcess, Any, Any]],
    items: Iterable[T],
    *,
    arg: Callable[[T], A],
    chunk_size: int,
    window: int,
) -> Iterator[tuple[T, R]]:
    stream = iter(items)
    pending: deque[tuple[list[T], int]] = deque()
    sent = 0
    while True:
        while len(pending) < window:
            chunk = list(islice(stream, chunk_size))
            if not chunk:
                break
            helper = sent % len(pool)
            pool[helper][1].put([arg(item) for item in chunk])
            pending.append((chunk, helper))
            sent += 1
        if not pending:
            return
        chunk, helper = pending.popleft()
        results: list[R] = _receive(*pool[helper])
        yield from zip(chunk, results, strict=True)


def _receive(process: BaseProcess, _tasks: Any, results: Any) -> Any:
    """The next results of one helper; an error if it failed or died."""
    while True:
        try:
            ok, value = results.get(timeout=_PARENT_CHECK_SECONDS)
        except queue.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    f"ingest helper process died (exit code {process.exitcode})"
                ) from None
            continue
        if not ok:
            raise value
        return value


def _stop(pool: list[tuple[BaseProcess, Any, Any]]) -> None:
    for process, tasks, results in pool:
        # Never wait on data the helper will not read (when the caller stopped early).
        tasks.cancel_join_thread()
        if process.is_alive():
            tasks.put(None)
        results.cancel_join_thread()
    for process, tasks, results in pool:
        process.join(timeout=2)
        if process.is_alive():
            process.kill()
            process.join()
        tasks.close()
        results.close()


def _serve(func: Callable[[Any], Any], tasks: Any, results: Any, parent: int) -> None:
    """A helper's loop: a chunk of arguments in, ``(True, results)`` or ``(False, error)`` out."""
    # Exit at once, even with results unsent, when the parent is gone.
    results.cancel_join_thread()
    while True:
        try:
            chunk = tasks.get(timeout=_PARENT_CHECK_SECONDS)
        except queue.Empty:
            if os.getppid() != parent:
                return
            continue
        if chunk is None:
            return
        try:
            reply: tuple[bool, Any] = (True, [func(a) for a in chunk])
        except Exception as e:  # handed to the parent, raised there at its item
            reply = (False, _picklable(e))
        results.put(reply)


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # any failure to round-trip: send its description instead
        return RuntimeError(repr(error))
    return error
