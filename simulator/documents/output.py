"""Save a document as the file its name asks for: .docx (Word), .html (printable page) or .pdf,
written whole or not at all."""

from __future__ import annotations

from pathlib import Path

from ..files import atomic
from ..i18n import BilingualError, Text
from .blocks import Document

FORMATS = (".docx", ".html", ".pdf")
UNKNOWN = Text("{name}：不认识的文件类型，应为 .docx、.html 或 .pdf", "{name}: unknown file type; expected .docx, .html or .pdf")


def render(doc: Document, suffix: str, size: str = "a4") -> bytes:
    """The bytes of ``doc`` as a .docx, .html or .pdf file."""
    if suffix == ".docx":
        from .word import to_docx
        return to_docx(doc, size)
    from .printable import to_html
    page = to_html(doc, size)
    if suffix == ".html":
        return page.encode("utf-8")
    if suffix == ".pdf":
        from .pdf import to_pdf
        return to_pdf(page)
    raise BilingualError(*UNKNOWN.format(name=suffix or "?"))


def save(doc: Document, path: Path, size: str = "a4") -> Path:
    """Write ``doc`` to ``path`` in the format its suffix names; a :class:`BilingualError` for another
    suffix, or (:class:`.pdf.PrintError`) when no browser can print."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise BilingualError(*UNKNOWN.format(name=path.name))
    data = render(doc, path.suffix.lower(), size)
    atomic(path, lambda tmp: Path(tmp).write_bytes(data))
    return path
