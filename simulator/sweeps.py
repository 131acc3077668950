"""Research sweeps: every run of a design, on local processes or a dask cluster.

    >>> import simulator
    >>> runs = simulator.sweep("scenarios/sweeps/parking_rules.yaml", "parking_rules.sweep")  # doctest: +SKIP

Results are one row per run, sorted by run id, and do not depend on the executor,
the number of workers or the order in which runs finish: each run's seed comes
from the design (see :mod:`simulator.design`). Finished runs are written to the
output folder in chunks, each atomically, so a sweep that is killed and started
again runs only what is missing.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent import futures
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import batched
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from tqdm.auto import tqdm

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from . import files, runs, validation
from .design import DesignError, Plan, load_design
from .i18n import BilingualError, check_lang, listing

FLUSH_SECONDS = 30.0  # write finished runs at least this often
IN_FLIGHT = 2  # tasks queued per worker: enough to keep workers busy, few enough to bound memory
MAX_BATCH = 50  # runs per task, at most

TEXT = {
    "zh": {"desc": "协商仿真", "unit": "次"},
    "en": {"desc": "sweep", "unit": "run"},
}


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
    """
    check_lang(lang)
    check_options(workers=workers, batch=batch, chunk=chunk, executor=executor)
    plan = design if isinstance(design, Plan) else load_design(design)
    if rounds:
        plan = plan.with_rounds()
    with (tempfile.TemporaryDirectory(prefix="xieshang-sweep-") if out is None else nullcontext(out) as folder,
          Store.open(folder, plan) as store):
        execute(plan, store, store.missing(plan.runs), workers=workers, executor=executor, scheduler=scheduler,
                batch=batch, chunk=chunk, progress=progress, lang=lang)
        store.merge()
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
    t = TEXT[lang]
    bar = tqdm(total=plan.runs, initial=plan.runs - len(ids), desc=t["desc"], unit=t["unit"], disable=not progress,
               dynamic_ncols=True, smoothing=0.1)
    with bar, _pool(executor, workers, scheduler) as (pool, slots):
        size = batch or max(1, min(MAX_BATCH, len(ids) // (slots * 4)))
        batches = batched(ids, size)
        rows: list[dict] = []
        rounds: list[dict] = []
        pending: set[futures.Future] = set()
        last = time.monotonic()

        def submit() -> None:
            chosen = next(batches, None)
            if chosen:
                items = [(plan.meta(i), plan.overrides(i // plan.design.seeds)) for i in chosen]
                pending.add(pool.submit(run_batch, job, items))

        try:
            for _ in range(IN_FLIGHT * slots):
                submit()
            while pending:
                finished, _ = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
                for task in finished:
                    pending.discard(task)
                    done, done_rounds = task.result()
                    rows += done
                    rounds += done_rounds
                    bar.update(len(done))
                    submit()
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
    return validation.with_overrides(_SCENARIOS[key], list(overrides), source="scenario")


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
    """A run summary as flat columns: ``groups.tenant.voice_share``; the audit as its failures.

    The seed is left out (the row has it already); ``vote.*`` only when there was a vote.
    """
    out: dict[str, Any] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(f"{prefix}{key}.", item)
        else:
            out[prefix[:-1]] = value

    rest = {k: v for k, v in summary.items() if k not in ("seed", "audit", "vote")}
    walk("", rest)
    walk("vote.", summary.get("vote") or {})
    failed = [check["article"] for check in summary["audit"] if not check["passed"]]
    out["audit.failed"] = len(failed)
    out["audit.failed_articles"] = listing(dict.fromkeys(failed), lang)
    return out


@contextmanager
def _pool(executor: str, workers: int | None, scheduler: Any) -> Iterator[tuple[futures.Executor, int]]:
    """An executor and how many runs it works on at once."""
    if scheduler is not None or executor == "dask":
        from distributed import Client, LocalCluster

        cluster = client = None
        try:
            if isinstance(scheduler, Client):
                used = scheduler
            elif scheduler is not None:
                try:
                    used = client = Client(scheduler)
                except (OSError, ValueError) as exc:  # unreachable, or not an address
                    raise BilingualError(f"无法连接 dask 调度器 {scheduler}（{exc}）",
                                         f"cannot connect to the dask scheduler {scheduler} ({exc})") from None
            else:
                cluster = LocalCluster(n_workers=workers or _cpus(), threads_per_worker=1, processes=True,
                                       host="127.0.0.1", dashboard_address=None)
                used = client = Client(cluster)
            yield used.get_executor(pure=False), max(1, sum(used.nthreads().values()))
        finally:
            if client is not None:
                client.close()
            if cluster is not None:
                cluster.close()
        return
    n = workers or _cpus()
    context = multiprocessing.get_context("forkserver")  # fresh workers, started fast from one preloaded server
    context.set_forkserver_preload(["simulator.sweeps"])
    pool = futures.ProcessPoolExecutor(n, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),))
    try:
        yield pool, n
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    else:
        pool.shutdown(wait=True)


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


# -- the output folder ----------------------------------------------------------------------

META = ["run_id", "point", "replicate", "seed"]


@dataclass
class Store:
    """A sweep's output folder.

    ``design.json`` (the canonical design and its hash), ``chunks/runs-NNNNNN.parquet``
    (and ``rounds-NNNNNN.parquet``) as runs finish, then ``runs.parquet`` (and
    ``rounds.parquet``) once every run is done. Files appear whole (temp file, then
    ``os.replace``); leftover temp files are removed when the folder is opened.
    """

    folder: Path
    _lock: Any = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_) -> None:
        if self._lock is not None:
            self._lock.close()  # releases the lock

    @property
    def chunks(self) -> Path:
        return self.folder / "chunks"

    @property
    def manifest(self) -> Path:
        return self.folder / "design.json"

    @classmethod
    def open(cls, folder: str | Path, plan: Plan) -> Store:
        """Create the folder for ``plan``, or reopen one made by the same design."""
        store = cls(Path(folder))
        manifest = {"hash": plan.hash, "output": plan.output, "scenario": plan.design.scenario,
                    "source": plan.source, "parameters": plan.names, "runs": plan.runs, "design": plan.experiment}
        leftover = f".{store.manifest.name}."  # the manifest's temp file: all a kill while creating the folder leaves
        if store.manifest.is_file():
            store._same_design(manifest)
        elif store.folder.is_dir() and any(not p.name.startswith(leftover) for p in store.folder.iterdir()):
            raise DesignError(f"{store.folder}：文件夹不是空的，也不是扫描结果文件夹；请换一个输出文件夹",
                              f"{store.folder}: the folder is not empty and holds no sweep; choose another output folder",
                              source=str(store.folder))
        else:
            try:
                store.folder.mkdir(parents=True, exist_ok=True)  # the manifest first: it marks the folder a sweep's
            except OSError as exc:
                raise BilingualError(f"{store.folder}：无法创建文件夹（{exc.strerror}）",
                                     f"{store.folder}: cannot create the folder ({exc.strerror})") from None
            files.write_text(store.manifest, json.dumps(manifest, ensure_ascii=False, indent=1))
        store._hold()
        store.chunks.mkdir(exist_ok=True)
        store._clean()
        return store

    def _hold(self) -> None:
        """Only one sweep writes to a folder at a time (the OS drops the lock if the process dies)."""
        if fcntl is None:  # Windows: no advisory locks; run one sweep per folder
            return
        self._lock = open(self.folder / ".lock", "w")  # noqa: SIM115 - held until __exit__ or exit
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock.close()
            raise DesignError(f"{self.folder}：另一个扫描正在写这个文件夹；请等它结束，或换一个输出文件夹",
                              f"{self.folder}: another sweep is writing to this folder; wait for it or choose another folder",
                              source=str(self.folder)) from None

    def _same_design(self, manifest: dict) -> None:
        try:
            old = json.loads(self.manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            old = {}
        if old.get("hash") != manifest["hash"]:
            raise DesignError(
                f"{self.folder}：这个文件夹是另一个设计的结果（设计指纹 {str(old.get('hash'))[:12]}，"
                f"本设计为 {manifest['hash'][:12]}）；不能接着运行。请换一个输出文件夹，或删除它重新开始",
                f"{self.folder}: this folder holds the results of another design (fingerprint {str(old.get('hash'))[:12]}, "
                f"this design {manifest['hash'][:12]}); cannot resume. Choose another output folder, or delete it to start over",
                source=str(self.folder))
        if old.get("output") != manifest["output"]:
            raise DesignError(
                f"{self.folder}：这个文件夹保存的是 {old.get('output')}，设计要求 {manifest['output']}（rounds、lang 需一致）",
                f"{self.folder}: this folder keeps {old.get('output')}, the design asks for {manifest['output']} (rounds and lang must match)",
                source=str(self.folder))

    def _clean(self) -> None:
        """Remove half-written files, and rounds whose runs were never written."""
        for tmp in [*self.folder.glob(".*.tmp"), *self.chunks.glob(".*.tmp")]:
            tmp.unlink(missing_ok=True)
        written = {p.name.removeprefix("runs-") for p in self.chunks.glob("runs-*.parquet")}
        for orphan in self.chunks.glob("rounds-*.parquet"):
            if orphan.name.removeprefix("rounds-") not in written:
                orphan.unlink()

    def _files(self, table: str) -> list[Path]:
        chunks = sorted(self.chunks.glob(f"{table}-*.parquet"))  # before the merged file: see _combine
        merged = self.folder / f"{table}.parquet"
        return ([merged] if merged.is_file() else []) + chunks

    def missing(self, total: int) -> list[int]:
        """Run ids not written yet."""
        done = np.zeros(total, dtype=bool)
        for path in self._files("runs"):
            done[pq.read_table(path, columns=["run_id"]).column("run_id").to_numpy()] = True
        return np.flatnonzero(~done).tolist()

    def write(self, rows: list[dict], rounds: list[dict]) -> None:
        """Write finished runs as one new chunk (their rounds first: runs mark them done)."""
        if not rows:
            return
        numbers = [int(p.stem.split("-")[1]) for p in self.chunks.glob("*-*.parquet")]
        name = f"{max(numbers, default=0) + 1:06d}.parquet"
        if rounds:
            _write(self.chunks / f"rounds-{name}", rounds)
        _write(self.chunks / f"runs-{name}", rows)

    def merge(self) -> None:
        """Gather the chunks into ``runs.parquet`` (and ``rounds.parquet``)."""
        for table in ("rounds", "runs"):
            parts = sorted(self.chunks.glob(f"{table}-*.parquet"))
            if parts:
                files.atomic(self.folder / f"{table}.parquet", partial(pq.write_table, self._combine(table)))
                for part in parts:
                    part.unlink()
        if self.chunks.is_dir() and not any(self.chunks.iterdir()):
            self.chunks.rmdir()

    def failed(self) -> int:
        """How many stored runs failed."""
        return sum(pq.read_table(p, columns=["error"]).column("error").drop_null().length() for p in self._files("runs"))

    def read(self, table: str = "runs") -> pd.DataFrame:
        if table not in ("runs", "rounds"):
            raise BilingualError(f"表应为 runs 或 rounds，实际为 {table!r}", f"table must be runs or rounds, got {table!r}")
        return self._combine(table).to_pandas()

    def _combine(self, table: str) -> pa.Table:
        """All stored rows of a table, one per run (or round), sorted, in a fixed column order."""
        files = self._files(table)
        if not files:
            return pa.table({"run_id": pa.array([], pa.int64())})
        try:
            data = pa.concat_tables([pq.read_table(p) for p in files], promote_options="permissive")
        except FileNotFoundError:  # a chunk merged meanwhile by the running sweep: it is in the merged file now
            return self._combine(table)
        keys = ["run_id"] if table == "runs" else ["run_id", "round"]
        data = data.sort_by([(k, "ascending") for k in keys])
        key = np.stack([data.column(k).to_numpy() for k in keys], axis=1)
        keep = np.r_[True, (key[1:] != key[:-1]).any(axis=1)] if len(key) else np.zeros(0, dtype=bool)
        data = data.filter(pa.array(keep))
        if table == "rounds":
            return data
        names = json.loads(self.manifest.read_text(encoding="utf-8")).get("parameters", []) if self.manifest.is_file() else []
        first = [c for c in [*META, *names, "error"] if c in data.column_names]
        return data.select(first + sorted(c for c in data.column_names if c not in first))


def _write(path: Path, rows: list[dict]) -> None:
    ordered = sorted(rows, key=lambda r: (r["run_id"], r.get("round", 0)))
    columns = dict.fromkeys(k for row in ordered for k in row)
    table = pa.table({k: [row.get(k) for row in ordered] for k in columns})
    files.atomic(path, partial(pq.write_table, table))

