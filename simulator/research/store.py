"""A sweep's output folder: the design's fingerprint, Parquet chunks written whole as runs
finish, one lock per folder, and the merged results."""

from __future__ import annotations

import errno
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

from .. import files
from ..i18n import BilingualError
from .design import DesignError, Plan

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
    created: bool = False  # the folder was made by this sweep
    fresh: bool = False  # the manifest was written by this sweep: see discard

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
        store._check_folder()
        with store.writing(store.folder):
            try:
                store.folder.mkdir(parents=True)
                store.created = True
            except FileExistsError:
                pass
        store._hold()  # the lock first, then the manifest: two sweeps starting at once cannot mix designs
        try:
            if store.manifest.is_file():
                store._same_design(manifest)
            else:
                store._check_folder()
                store.fresh = True
                with store.writing(store.manifest):
                    files.write_text(store.manifest, json.dumps(manifest, ensure_ascii=False, indent=1))
            with store.writing(store.chunks):
                store.chunks.mkdir(exist_ok=True)
                store._clean()
        except BaseException:
            store.discard()
            store.__exit__()
            raise
        return store

    def _check_folder(self) -> None:
        """A folder without a manifest must be empty (but for the lock and a kill's leftover temp file)."""
        leftover = f".{self.manifest.name}."  # the manifest's temp file: all a kill while creating the folder leaves
        if (not self.manifest.is_file() and self.folder.is_dir()
                and any(p.name != ".lock" and not p.name.startswith(leftover) for p in self.folder.iterdir())):
            raise DesignError(f"{self.folder}：文件夹不是空的，也不是扫描结果文件夹；请换一个输出文件夹",
                              f"{self.folder}: the folder is not empty and holds no sweep; choose another output folder",
                              source=str(self.folder))
        if self.folder.exists() and not self.folder.is_dir():
            raise DesignError(f"{self.folder}：这是一个文件，不是文件夹；请换一个输出文件夹",
                              f"{self.folder}: this is a file, not a folder; choose another output folder", source=str(self.folder))

    @contextmanager
    def writing(self, path: Path) -> Iterator[None]:
        """Turn a failed write (a full or read-only disk) into a message naming the place."""
        try:
            yield
        except OSError as exc:
            why = _WHY.get(exc.errno, (exc.strerror, exc.strerror))
            raise BilingualError(f"{path}：无法写入（{why[0]}）；请腾出空间、换一个有写入权限的输出文件夹（--out），然后重新运行同一命令",
                                 f"{path}: cannot write ({why[1]}); free some space or choose a folder you may write to (--out), "
                                 f"then run the same command again") from None

    def discard(self) -> None:
        """Leave no trace of a sweep that ended before writing a run: remove the folder it made,
        or what it wrote into an empty one."""
        if not self.fresh or any(self.chunks.glob("*.parquet")) or (self.folder / "runs.parquet").exists():
            return
        if self.created:
            shutil.rmtree(self.folder, ignore_errors=True)
        else:
            shutil.rmtree(self.chunks, ignore_errors=True)
            for path in (self.manifest, self.folder / ".lock"):
                path.unlink(missing_ok=True)

    def _hold(self) -> None:
        """Only one sweep writes to a folder at a time (the OS drops the lock if the process dies)."""
        if fcntl is None:  # Windows: no advisory locks; run one sweep per folder
            return
        with self.writing(self.folder / ".lock"):
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
            old.get("hash")
        except (OSError, ValueError, AttributeError):
            raise DesignError(f"{self.manifest}：文件已损坏，无法读取；无法判断这个文件夹属于哪个设计。请换一个输出文件夹，或删除这个文件夹重新开始",
                              f"{self.manifest}: the file is damaged and cannot be read, so the folder's design is unknown. "
                              f"Choose another output folder, or delete this folder to start over", source=str(self.manifest)) from None
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
            ids = _read(path, columns=["run_id"]).column("run_id").to_numpy()
            if len(ids) and (ids.min() < 0 or ids.max() >= total):
                raise _damaged(path)
            done[ids] = True
        return np.flatnonzero(~done).tolist()

    def write(self, rows: list[dict], rounds: list[dict]) -> None:
        """Write finished runs as one new chunk (their rounds first: runs mark them done)."""
        if not rows:
            return
        numbers = [int(p.stem.split("-")[1]) for p in self.chunks.glob("*-*.parquet")]
        name = f"{max(numbers, default=0) + 1:06d}.parquet"
        with self.writing(self.chunks):
            if rounds:
                _write(self.chunks / f"rounds-{name}", rounds)
            _write(self.chunks / f"runs-{name}", rows)

    def merge(self) -> None:
        """Gather the chunks into ``runs.parquet`` (and ``rounds.parquet``)."""
        for table in ("rounds", "runs"):
            parts = sorted(self.chunks.glob(f"{table}-*.parquet"))
            if parts:
                with self.writing(self.folder / f"{table}.parquet"):
                    files.atomic(self.folder / f"{table}.parquet", partial(pq.write_table, self._combine(table)))
                for part in parts:
                    part.unlink()
        if self.chunks.is_dir() and not any(self.chunks.iterdir()):
            self.chunks.rmdir()

    def failed(self) -> int:
        """How many stored runs failed."""
        return sum(_read(p, columns=["error"]).column("error").drop_null().length() for p in self._files("runs"))

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
            data = pa.concat_tables([_read(p) for p in files], promote_options="permissive")
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


_WHY = {errno.ENOSPC: ("磁盘已满", "the disk is full"), errno.EDQUOT: ("超出磁盘配额", "the disk quota is used up"),
        errno.EROFS: ("磁盘是只读的", "the disk is read-only"), errno.EACCES: ("没有写入权限", "no permission to write"),
        errno.EPERM: ("没有写入权限", "no permission to write"),
        errno.EFBIG: ("文件超过系统允许的大小", "the file is larger than the system allows")}


def _damaged(path: Path) -> DesignError:
    return DesignError(f"{path}：结果文件已损坏，无法读取；删除这个文件后重新运行同一命令，其中的运行会重新运行",
                       f"{path}: the results file is damaged and cannot be read; delete it and run the same command again "
                       f"to run its runs again", source=str(path))


def _read(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A stored table; a damaged one is a message naming it (FileNotFoundError passes: see _combine)."""
    try:
        return pq.read_table(path, columns=columns)
    except FileNotFoundError:
        raise
    except (pa.ArrowException, OSError, KeyError):
        raise _damaged(path) from None


def _write(path: Path, rows: list[dict]) -> None:
    ordered = sorted(rows, key=lambda r: (r["run_id"], r.get("round", 0)))
    columns = dict.fromkeys(k for row in ordered for k in row)
    table = pa.table({k: [row.get(k) for row in ordered] for k in columns})
    files.atomic(path, partial(pq.write_table, table))

