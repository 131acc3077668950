"""Printable HTML to PDF through a headless Chromium-family browser (Chromium, Chrome or Edge),
found on PATH or named by ``XIESHANG_BROWSER``. Nothing is downloaded."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..i18n import BilingualError, Text

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge", "microsoft-edge")
WINDOWS = (r"C:\Program Files\Google\Chrome\Application\chrome.exe",
           r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe")
NO_BROWSER = Text("导出 PDF 需要 Chromium、Chrome 或 Edge 浏览器（可用环境变量 XIESHANG_BROWSER 指定路径）；"
                  "也可以导出 .html 文件，用浏览器打开后打印为 PDF。",
                  "A PDF needs a Chromium, Chrome or Edge browser (set XIESHANG_BROWSER to its path); "
                  "or export .html, open it in a browser and print it to PDF.")
FAILED = Text("浏览器没能生成 PDF：{detail}", "The browser could not make the PDF: {detail}")


class PrintError(BilingualError):
    """The PDF could not be made (no browser, or it failed): a sentence in Chinese and English."""


def browser() -> str | None:
    """The browser to print with, or None."""
    named = os.environ.get("XIESHANG_BROWSER")
    if named:
        return named if Path(named).exists() else shutil.which(named)
    found = next((p for p in map(shutil.which, NAMES) if p), None)
    return found or next((p for p in WINDOWS if Path(p).exists()), None)


def to_pdf(page: str, timeout: float = 120) -> bytes:
    """The PDF of an HTML page (as printed: @page sizes and margins, no header or footer)."""
    exe = browser()
    if exe is None:
        raise PrintError(*NO_BROWSER)
    with tempfile.TemporaryDirectory(prefix="xieshang-print-") as tmp:
        source, out = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        source.write_text(page, encoding="utf-8")
        command = [exe, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
                   "--no-pdf-header-footer", f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}",
                   source.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PrintError(*FAILED.format(detail=error)) from None
        if not out.exists() or out.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise PrintError(*FAILED.format(detail=detail[0]))
        return out.read_bytes()
