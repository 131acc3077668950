"""Outputs written whole or not at all: an error or a kill never leaves a half-written file."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def atomic(path: Path, write: Callable[[str], None]) -> None:
    """Write ``path`` whole or not at all: ``write`` fills a temp file beside it (``.NAME.….tmp``),
    which then replaces ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # an ordinary file, not mkstemp's private one
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """Write a UTF-8 text file whole or not at all."""
    atomic(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def write_folder(folder: Path, files: dict[str, bytes]) -> list[Path]:
    """Write all files or none: build them in a temporary folder, then rename it into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name, data in files.items():
            (staging / name).write_bytes(data)
        staging.rename(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [folder / name for name in files]
