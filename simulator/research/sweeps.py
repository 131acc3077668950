"""Research sweeps: every run of a design, on local processes or a dask cluster.

    >>> import simulator
    >>> runs = simulator.sweep("scenarios/sweeps/parking_rules.yaml", "parking_rules.sweep")  # doctest: +SKIP

Results are one row per run, sorted by run id, and do not depend on the executor,
the number of workers or the order in which runs finish: each run's seed comes
from the design (see :mod:`simulator.research.design`). Finished runs are written to the
output folder in chunks, each atomically, so a sweep that is killed and started
again runs only what is missing.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from itertools import batched
from pathlib import Path
from typing import Any

import pandas as pd
from tqdm.auto import tqdm

from ..consultation import runs
from ..i18n import BilingualError, Text, check_lang, listing
from ..scenario import with_overrides
from .design import Plan, load_design
from .store import Store

FLUSH_SECONDS = 30.0  # write finished runs at least this often
IN_FLIGHT = 2  # tasks queued per worker: enough to keep workers busy, few enough to bound memory
MAX_BATCH = 50  # runs per task, at most
CONNECT_SECONDS = 10  # to reach a dask scheduler

PROGRESS = Text("协商仿真", "sweep")  # the progress bar's label
UNIT = Text("次", "run")


def sweep(
    design: str | Path | dict | Plan,
    out: str | Path | None = None,
    *,
    workers: int | None = None,
    executor: str = "processes",
    scheduler: Any = None,
    batch: int | None = None,
    chunk: int = 1000,
    progress: bool = True,
    rounds: bool = False,
    report: Callable[..., None] | None = None,
    lang: str = "zh",
) -> pd.DataFrame:
    """Run a sweep design and return its results, one row per run, sorted by run id.

    ``design`` is a design file, a shipped design id or a mapping. Results are kept in
    the folder ``out`` (a temporary one if None); a folder holding part of the same
    design is resumed. ``executor`` is ``"processes"`` (local worker processes) or
    ``"dask"`` (a ``dask.distributed`` LocalCluster); ``scheduler`` (an address such as
    ``tcp://host:8786``, or a ``distributed.Client``) runs on an existing cluster.
    ``workers`` defaults to the number of CPUs; ``batch`` runs go in one task; finished
    runs are written every ``chunk`` runs (and every 30 s). ``rounds=True`` also keeps
    per-round data (see :func:`read`), as ``rounds: true`` in the design does.

    ``report(event, **values)``, if given, hears how the sweep goes: ``plan`` (points, seeds,
    runs, out), then ``resume`` (done, todo) or ``complete`` (runs), and at the end ``done``
    (runs, failed, path).
    """
    check_lang(lang)
    check_options(workers=workers, batch=batch, chunk=chunk, executor=executor)
    plan = design if isinstance(design, Plan) else load_design(design)
    if rounds:
        plan = plan.with_rounds()
    with (tempfile.TemporaryDirectory(prefix="xieshang-sweep-") if out is None else nullcontext(out) as folder,
          Store.open(folder, plan) as store):  # refuses another design's folder before anything is reported
        say = report or (lambda event, **values: None)
        try:
            say("plan", points=plan.size, seeds=plan.design.seeds, runs=plan.runs, out=Path(folder))
            todo = store.missing(plan.runs)
            if not todo:
                say("complete", runs=plan.runs)
            elif len(todo) < plan.runs:
                say("resume", done=plan.runs - len(todo), todo=len(todo))
            execute(plan, store, todo, workers=workers, executor=executor, scheduler=scheduler,
                    batch=batch, chunk=chunk, progress=progress, lang=lang)
        except BaseException:
            store.discard()  # a sweep that wrote nothing leaves nothing behind
            raise
        store.merge()
        say("done", runs=plan.runs, failed=store.failed(), path=Path(folder) / "runs.parquet")
        return store.read()


def read(folder: str | Path, table: str = "runs") -> pd.DataFrame:
    """The results in a sweep folder so far: ``runs`` (one row per run) or ``rounds``."""
    store = Store(Path(folder))
    if not store.manifest.is_file():
        raise BilingualError(f"{folder}：不是扫描结果文件夹（没有 design.json）", f"{folder}: not a sweep's folder (no design.json)")
    return store.read(table)


# -- running ------------------------------------------------------------------------------


def execute(
    plan: Plan,
    store: Store,
    ids: Sequence[int],
    *,
    workers: int | None = None,
    executor: str = "processes",
    scheduler: Any = None,
    batch: int | None = None,
    chunk: int = 1000,
    progress: bool = True,
    lang: str = "zh",
) -> None:
    """Run the runs ``ids`` of ``plan`` and write them to ``store`` as they finish."""
    check_options(workers=workers, batch=batch, chunk=chunk, executor=executor)
    if not ids:
        return
    job = Job(plan.hash, plan.scenario, plan.design.lang, plan.design.rounds)
    bar = tqdm(total=plan.runs, initial=plan.runs - len(ids), desc=PROGRESS(lang), unit=UNIT(lang), disable=not progress,
               dynamic_ncols=True, smoothing=0.1)
    with bar, _pool(executor, workers, scheduler) as (pool, slots):
        size = batch or max(1, min(MAX_BATCH, len(ids) // (slots * 4)))
        batches = batched(ids, size)
        rows: list[dict] = []
        rounds: list[dict] = []
        pending: dict[futures.Future, tuple[tuple[int, ...], bool, int]] = {}  # runs, alone, pool generation
        again: list[tuple[tuple[int, ...], bool]] = []  # runs whose worker died, to try again
        last = time.monotonic()

        def submit() -> bool:
            if again and again[0][1] and pending:
                return False  # a run suspected of killing its worker runs alone
            chosen, alone = again.pop(0) if again else (next(batches, None), False)
            if chosen:
                items = [(plan.meta(i), plan.overrides(i // plan.design.seeds)) for i in chosen]
                pending[pool.submit(run_batch, job, items)] = (chosen, alone, pool.generation)
            return bool(chosen)

        try:
            while len(pending) < IN_FLIGHT * slots and submit():
                pass
            while pending:
                finished, _ = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
                for task in finished:
                    chosen, alone, generation = pending.pop(task)
                    try:
                        done, done_rounds = task.result()
                    except _lost_worker() as exc:
                        broken = isinstance(exc, BrokenProcessPool)
                        if broken and generation == pool.generation:
                            pool.renew()
                        done, done_rounds = [], []
                        if len(chosen) > 1:  # which run was it? each again on its own
                            again.extend(((i,), False) for i in chosen)
                        elif broken and not alone:  # the pool's other runs died with it: try it alone
                            again.append((chosen, True))
                        else:
                            done = [{**plan.meta(chosen[0]), "error": LOST(job.lang)}]
                    rows += done
                    rounds += done_rounds
                    bar.update(len(done))
                while len(pending) < IN_FLIGHT * slots and submit():
                    pass
                if len(rows) >= chunk or time.monotonic() - last >= FLUSH_SECONDS:
                    store.write(rows, rounds)
                    rows, rounds, last = [], [], time.monotonic()
        finally:
            store.write(rows, rounds)  # what finished is kept, even on Ctrl-C
            for task in pending:
                task.cancel()


def check_options(*, workers: int | None, batch: int | None, chunk: int, executor: str) -> None:
    """Raise a bilingual error for an unknown executor or a count that is not a positive integer."""
    if executor not in ("processes", "dask"):
        raise BilingualError(f"执行方式应为 processes 或 dask，实际为 {executor!r}", f"executor must be processes or dask, got {executor!r}")
    for name, value in (("workers", workers), ("batch", batch), ("chunk", chunk)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise BilingualError(f"{name} 应为正整数，实际为 {value!r}", f"{name} must be a positive integer, got {value!r}")


@dataclass(frozen=True)
class Job:
    """What every task of a sweep shares: the scenario and what to keep."""

    key: str  # the design's hash
    scenario: dict
    lang: str
    rounds: bool


_SCENARIOS: dict[str, dict] = {}  # per worker process: each design's scenario data


@lru_cache(maxsize=256)
def _scenario(key: str, overrides: tuple[str, ...]):
    """The validated scenario of one point, cached per worker process."""
    return with_overrides(_SCENARIOS[key], list(overrides), source="scenario")


def run_batch(job: Job, items: list[tuple[dict, tuple[str, ...]]]) -> tuple[list[dict], list[dict]]:
    """Run a batch of runs (in a worker): their result rows and, if asked, their rounds.

    A run that fails gives a row with its ``error`` and no results.
    """
    _SCENARIOS.setdefault(job.key, job.scenario)
    rows, rounds = [], []
    for meta, overrides in items:
        try:
            result = runs.run(_scenario(job.key, overrides), meta["seed"], lang=job.lang)
            rows.append({**meta, "error": None, **flatten(result.summary, job.lang)})
            if job.rounds:
                rounds += [{"run_id": meta["run_id"], **r} for r in result.rounds.to_dict("records")]
        except Exception as exc:  # noqa: BLE001 -- a failed run is a result, not the end of the sweep
            message = exc.message(job.lang) if isinstance(exc, BilingualError) else f"{type(exc).__name__}: {exc}"
            rows.append({**meta, "error": message})
    return rows, rounds


def flatten(summary: dict, lang: str = "zh") -> dict:
    """A run summary as flat columns: ``groups.tenant.voice_share``, ``vote.local_rules.0.met``,
    ``vote.villages.a.passed``; lists of names as one text; the audit as its failures.

    The seed is left out (the row has it already); ``vote.*`` only when there was a vote.
    """
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}{key}.", item)
        elif isinstance(value, list) and all(isinstance(item, dict) for item in value) and value:
            for i, item in enumerate(value):  # villages by id, local rules by position
                walk(f"{prefix}{item.get('id', i)}.", {k: v for k, v in item.items() if k not in ("id", "village", "text")})
        elif isinstance(value, list):
            out[prefix[:-1]] = listing(value, lang)
        else:
            out[prefix[:-1]] = value

    rest = {k: v for k, v in summary.items() if k not in ("seed", "audit", "vote")}
    walk("", rest)
    walk("vote.", summary.get("vote") or {})
    failed = [check["article"] for check in summary["audit"] if not check["passed"]]
    out["audit.failed"] = len(failed)
    out["audit.failed_articles"] = listing(dict.fromkeys(failed), lang)
    return out


LOST = Text("工作进程在这次运行中意外退出（常见原因：内存不足，被系统结束）；这次运行没有结果",
            "the worker process died during this run (most often: it ran out of memory and the system stopped it); no result")


def _lost_worker() -> tuple[type[BaseException], ...]:
    """The errors of a task whose worker process died."""
    dask = sys.modules.get("distributed.scheduler")
    return (BrokenProcessPool, dask.KilledWorker) if dask is not None else (BrokenProcessPool,)


class _Workers:
    """An executor, made again by ``renew`` when a dead worker broke it."""

    def __init__(self, make: Callable[[], futures.Executor]):
        self.make, self.executor, self.generation = make, make(), 0

    def submit(self, *args) -> futures.Future:
        return self.executor.submit(*args)

    def renew(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor, self.generation = self.make(), self.generation + 1


@contextmanager
def _pool(executor: str, workers: int | None, scheduler: Any) -> Iterator[tuple[_Workers, int]]:
    """An executor and how many runs it works on at once."""
    if scheduler is not None or executor == "dask":
        import dask
        from distributed import Client, LocalCluster
        from distributed.security import Security

        cluster = client = None
        try:
            if isinstance(scheduler, Client):
                used = scheduler
            elif scheduler is not None:
                try:
                    used = client = Client(scheduler, timeout=CONNECT_SECONDS)
                except (OSError, ValueError, TypeError) as exc:  # unreachable, or not an address
                    raise BilingualError(
                        f"无法连接 dask 调度器 {scheduler}（{exc}）；请检查地址（如 tcp://10.0.0.5:8786）和调度器是否在运行",
                        f"cannot connect to the dask scheduler {scheduler} ({exc}); check the address (e.g. tcp://10.0.0.5:8786) "
                        f"and that the scheduler is running") from None
            else:
                # TLS with throwaway credentials: no other user of this machine can send the cluster tasks;
                # no dashboard, and the status servers serve nothing, on a free port of 127.0.0.1
                security = Security.temporary()
                with dask.config.set({"distributed.scheduler.http.routes": [], "distributed.worker.http.routes": []}):
                    cluster = LocalCluster(n_workers=workers or _cpus(), threads_per_worker=1, processes=True,
                                           host="127.0.0.1", protocol="tls", security=security,
                                           dashboard_address="127.0.0.1:0", worker_dashboard_address="127.0.0.1:0")
                used = client = Client(cluster, security=security)
            yield _Workers(lambda: used.get_executor(pure=False)), max(1, sum(used.nthreads().values()))
        finally:
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
        return
    n = workers or _cpus()
    context = multiprocessing.get_context("forkserver")  # fresh workers, started fast from one preloaded server
    context.set_forkserver_preload(["simulator.research.sweeps"])
    pool = _Workers(lambda: futures.ProcessPoolExecutor(n, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)))
    try:
        yield pool, n
    except BaseException:
        pool.executor.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.executor.shutdown(wait=True)


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _worker_start(sweep: int) -> None:
    """In each worker process: leave Ctrl-C to the sweep's process, and end when it ends.

    (A worker's parent is the forkserver, which lives as long as its workers do.)
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        try:
            while True:
                os.kill(sweep, 0)
                time.sleep(0.5)
        except OSError:  # gone
            os._exit(1)

    threading.Thread(target=watch, daemon=True).start()
