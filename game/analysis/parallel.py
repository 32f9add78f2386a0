"""Independent pieces of an analysis (a tournament's pairings, an exploit report's probe runs) played here or in
local worker processes.  Each piece carries its own seed, so results do not depend on how many processes ran."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Protocol

from ..scenario.compiled import CompiledScenario
from ..scenario.compiler import load_scenario


class Task(Protocol):
    """A piece of work on one scenario: ``play`` returns its outcome; ``weight`` orders the slow ones first."""

    def play(self, sc: CompiledScenario): ...

    def weight(self, sc: CompiledScenario) -> float: ...


def outcomes(sc: CompiledScenario, tasks: Sequence[Task], jobs: int) -> Iterator[tuple[int, object]]:
    """(task index, outcome) as tasks finish: here, or in ``jobs`` processes when the scenario is a file."""
    if jobs <= 1 or len(tasks) < 2 or not Path(sc.path).is_file():
        for k, task in enumerate(tasks):
            yield k, task.play(sc)
        return
    order = sorted(range(len(tasks)), key=lambda k: -tasks[k].weight(sc))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = {pool.submit(_play_in_worker, sc.path, sc.source_hash, tasks[k]): k for k in order}
        for future in as_completed(futures):
            yield futures[future], future.result()


_WORKER_SCENARIOS: dict[str, CompiledScenario] = {}


def _play_in_worker(path: str, source_hash: str, task: Task):
    """Play one task in a worker process, loading the scenario once per process."""
    if path not in _WORKER_SCENARIOS:
        _WORKER_SCENARIOS[path] = load_scenario(path)
    sc = _WORKER_SCENARIOS[path]
    if sc.source_hash != source_hash:
        raise RuntimeError(f"{path} changed while the analysis was running")
    return task.play(sc)
