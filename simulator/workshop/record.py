"""The 协商记录 button on the workshop and practice pages: the run's record (Art. 11, 有记录) as a
Word file and a printable page, saved in a new export folder and offered for download."""

from __future__ import annotations

import base64
import html
from pathlib import Path

from ..files import write_folder
from ..i18n import BilingualError, listing, texts
from .exports import export_root, write_new_folder

WORDS = texts({
    "button": ("协商记录", "Consultation record"),
    "file": ("协商记录-{scenario}-种子{seed}", "record-{scenario}-seed{seed}"),
    "saved": ("协商记录已保存到 {folder}：{files}", "The consultation record is saved in {folder}: {files}"),
    "word": ("下载 Word 文件", "Download the Word file"),
    "page": ("下载可打印页面（浏览器打开后打印或另存为 PDF）", "Download the printable page (open it, then print or save as PDF)"),
    "none": ("还没有可记录的协商：请先完成一次协商。", "Nothing to record yet: finish a consultation first."),
})
MIME = {".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".html": "text/html"}


def record_files(run, lang: str, session=None) -> dict[str, bytes]:
    """The run's record as ``{name: bytes}``: a .docx and a printable .html."""
    from ..documents import consultation_record
    from ..documents.output import render

    doc = consultation_record(run, lang, session=session)
    stem = WORDS["file"](lang, scenario=run.model.spec.id, seed=run.seed)
    return {f"{stem}{suffix}": render(doc, suffix) for suffix in (".docx", ".html")}


def save_record(run, lang: str, folder: Path | None = None, session=None) -> tuple[list[Path], str]:
    """Write the record's files into the new ``folder`` (or a new one under the export root); return
    them and the message with download links."""
    if run is None:
        raise BilingualError(*WORDS["none"])
    files = record_files(run, lang, session)
    written = write_folder(Path(folder), files) if folder else write_new_folder(export_root(), files)
    links = "".join(
        f"<a class='xs-download xs-record-{p.suffix[1:]}' download='{html.escape(p.name, quote=True)}' "
        f"href='data:{MIME[p.suffix]};base64,{base64.b64encode(files[p.name]).decode()}'>"
        f"{WORDS['word' if p.suffix == '.docx' else 'page'](lang)}</a> " for p in written)
    said = WORDS["saved"](lang, folder=str(written[0].parent.resolve()), files=listing((p.name for p in written), lang))
    return written, f"<p class='xs-record-saved'>{html.escape(said)}</p><p>{links}</p>"
