"""Independent pieces of an analysis (a tournament's pairings, an exploit report's probe runs, a run's chunks, a
sweep's grid points) played here, in local worker processes (``--jobs``) or on a Dask cluster (``--scheduler``).

Each piece carries its own seed, so results do not depend on where, or in how many processes, it ran.  Workers
get the scenario as its YAML text (and any ``--set`` overrides) and compile it once per process: compiled
scenarios hold formulas as closures, which do not pickle.
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ..scenario.compiled import CompiledScenario
from ..scenario.overrides import Override, compile_with
from ..scenario.problems import ScenarioError
from ..scenario.yamlsafe import read_text

CONNECT_SECONDS = 20
"""How long to wait for a Dask scheduler to answer."""
KEPT = 16
"""Compiled scenarios a process keeps (a sweep compiles one per grid point)."""


class Task(Protocol):
    """A piece of work on one scenario: ``play`` returns its outcome; ``weight`` orders the slow ones first."""

    def play(self, sc: CompiledScenario): ...

    def weight(self, sc: CompiledScenario) -> float: ...


class ParallelError(RuntimeError):
    """The work cannot be sent where it was asked to go (no Dask, no scheduler there); the message is for the user."""


@dataclass(frozen=True)
class Source:
    """A scenario as a worker rebuilds it: its YAML text, the name it was read under, and overrides."""

    text: str
    name: str
    overrides: tuple[Override, ...] = ()

    @property
    def key(self) -> str:
        """A digest of the text and overrides."""
        return hashlib.sha256((self.text + repr(self.overrides)).encode("utf-8")).hexdigest()

    def compile(self) -> CompiledScenario:
        """The compiled scenario, built once per process."""
        key = self.key
        if key not in _COMPILED:
            if len(_COMPILED) >= KEPT:
                _COMPILED.pop(next(iter(_COMPILED)))
            _COMPILED[key] = compile_with(self.text, self.name, self.overrides)
        return _COMPILED[key]


_COMPILED: dict[str, CompiledScenario] = {}


def source_of(sc: CompiledScenario) -> Source | None:
    """The scenario's file as a Source, or None if it was not loaded from a file (or the file has changed)."""
    if not Path(sc.path).is_file():
        return None
    try:
        text = read_text(sc.path)
    except ScenarioError:
        return None
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != sc.source_hash:
        return None
    return Source(text, sc.path)


def outcomes(
    sc: CompiledScenario, tasks: Sequence[Task], jobs: int = 1, scheduler: str | None = None
) -> Iterator[tuple[int, object]]:
    """(task index, outcome) as tasks finish: here, in ``jobs`` local processes, or on the Dask ``scheduler``."""
    elsewhere = scheduler or (jobs > 1 and len(tasks) > 1)
    source = source_of(sc) if elsewhere else None
    if source is None:
        for k, task in enumerate(tasks):
            yield k, task.play(sc)
        return
    _COMPILED.setdefault(source.key, sc)
    order = sorted(range(len(tasks)), key=lambda k: -tasks[k].weight(sc))
    yield from spread([(source, tasks[k]) for k in order], jobs, scheduler, order)


def collect(
    sc: CompiledScenario,
    tasks: Sequence[Task],
    jobs: int = 1,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    size: Callable[[Task], int] = lambda task: task.games,
) -> list:
    """Every task's outcome in task order, wherever they ran, with progress (in units of ``size``) as each ends."""
    found: list = [None] * len(tasks)
    total, done = sum(size(task) for task in tasks), 0
    for k, outcome in outcomes(sc, tasks, jobs, scheduler):
        found[k] = outcome
        done += size(tasks[k])
        if progress is not None:
            progress(done, total)
    return found


def spread(
    units: Sequence[tuple[Source, Task]], jobs: int = 1, scheduler: str | None = None, labels: Sequence[int] = ()
) -> Iterator[tuple[int, object]]:
    """(label, outcome) of each (scenario, task) as it finishes, started in the order given (labels: positions)."""
    labels = list(labels) or list(range(len(units)))
    if scheduler:
        yield from _on_dask(units, scheduler, labels)
    elif jobs > 1 and len(units) > 1:
        yield from _in_processes(units, jobs, labels)
    else:
        for label, (source, task) in zip(labels, units):
            yield label, task.play(source.compile())


def _in_processes(units: Sequence[tuple[Source, Task]], jobs: int, labels: list[int]) -> Iterator[tuple[int, object]]:
    """Play units in a pool of local processes."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(play_unit, source, task): label for label, (source, task) in zip(labels, units)}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _on_dask(units: Sequence[tuple[Source, Task]], address: str, labels: list[int]) -> Iterator[tuple[int, object]]:
    """Play units on a running Dask cluster; each scenario text is sent to the cluster once."""
    distributed = _distributed()
    client = connect(address)
    try:
        shared = {}
        for source, _ in units:
            if source.key not in shared:
                shared[source.key] = _scatter(client, source)
        futures = {}
        for rank, (label, (source, task)) in enumerate(zip(labels, units)):
            future = client.submit(play_unit, shared[source.key], task, pure=False, priority=len(units) - rank)
            futures[future] = label
        for future in distributed.as_completed(list(futures), loop=client.loop):
            yield futures[future], _result(future)
    finally:
        client.close()


MISMATCH = ("deserializ", "can't get attribute", "no module named", "modulenotfounderror")
"""Words of the errors Dask gives when the scheduler or a worker has another version of the game, or none."""


def _result(future):
    """A Dask future's result; ParallelError if the cluster could not load the game's code."""
    try:
        return future.result()
    except Exception as err:
        clear = _mismatch(err)
        if clear is None:
            raise
        raise clear from None


def _mismatch(err: Exception) -> ParallelError | None:
    """A clear ParallelError if err says the cluster has another version of the game's code (else None)."""
    if not any(word in str(err).lower() for word in MISMATCH):
        return None
    first = str(err).splitlines()[0] if str(err) else type(err).__name__
    return ParallelError(
        f"the Dask cluster could not load this version of the game's code ({first}); install brinkmanship, "
        "the same version, on the scheduler's machine and on every worker's"
    )


def _scatter(client, source: Source):
    """Send a scenario to the cluster once; ParallelError if the workers cannot load the game's code."""
    try:
        return client.scatter(source, hash=False)
    except Exception as err:
        clear = _mismatch(err)
        if clear is None:
            raise
        raise clear from None


def _distributed():
    """The ``distributed`` module, or ParallelError saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise ParallelError("--scheduler needs Dask's distributed package: pip install distributed") from None
    return distributed


def connect(address: str):
    """A Dask client of the scheduler at address; ParallelError if it cannot be reached."""
    distributed = _distributed()
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise ParallelError(f"cannot reach the Dask scheduler at {address}: {err}") from None
    try:
        client.wait_for_workers(1, timeout=CONNECT_SECONDS)
    except (OSError, TimeoutError):
        client.close()
        raise ParallelError(
            f"the Dask scheduler at {address} has no workers; start some with: dask worker {address}"
        ) from None
    return client


def play_unit(source: Source, task: Task):
    """Play one task in a worker, compiling its scenario once per process."""
    roomy_malloc()
    return task.play(source.compile())


M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
"""glibc's ``mallopt`` parameters."""
_ROOMY = []


def roomy_malloc() -> None:
    """Undo a small ``MALLOC_TRIM_THRESHOLD_`` (Dask's nanny sets 64 KiB in its workers) once per process.

    With it glibc stops adapting its mmap threshold, so every large numpy temporary is mapped and unmapped
    again: the engine ran three times slower on Dask workers.  Results do not change, only speed."""
    if _ROOMY or not os.environ.get("MALLOC_TRIM_THRESHOLD_") or not sys.platform.startswith("linux"):
        return
    _ROOMY.append(True)
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(M_TRIM_THRESHOLD, 128 * 2**20)
        libc.mallopt(M_MMAP_THRESHOLD, 32 * 2**20)
    except (OSError, AttributeError):  # not glibc: nothing to undo
        pass
