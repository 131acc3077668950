"""Where the pages' files go: a new folder ``xieshang-DATE-TIME`` under the export root for each
export, written whole or not at all, and at most ``MAX_EXPORTS`` of them per page."""

from __future__ import annotations

import errno
import os
from datetime import datetime
from pathlib import Path

from ..files import write_folder

MAX_EXPORTS = 30  # exports per page: each writes about a megabyte


def export_root() -> Path:
    """Where exports go: ``XIESHANG_EXPORT_DIR`` if set, else ``xieshang-exports`` in the user's home folder."""
    return Path(os.environ.get("XIESHANG_EXPORT_DIR") or Path.home() / "xieshang-exports").expanduser().resolve()


def write_new_folder(root: Path, files: dict[str, bytes]) -> list[Path]:
    """Write the files, whole or not at all, into a new folder ``xieshang-DATE-TIME`` under ``root``
    (``…-2``, ``…-3`` when that name is taken, even by an export finishing at the same moment)."""
    stamp = f"xieshang-{datetime.now():%Y%m%d-%H%M%S}"
    for n in range(1, 1000):
        folder = root / (stamp if n == 1 else f"{stamp}-{n}")
        if folder.exists():
            continue
        try:
            return write_folder(folder, files)
        except OSError as error:  # taken since we looked
            if error.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
    raise FileExistsError(errno.EEXIST, "no free folder name", str(root / stamp))
