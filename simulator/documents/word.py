"""A document as a Word file (.docx, python-docx): A4, 宋体 body and 黑体 headings as community
records are kept; cards four to an A4 page or one to an A6 page."""

from __future__ import annotations

import re
from io import BytesIO

from docx import Document as Word
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .blocks import Break, Card, Document, Fields, Heading, Items, Paragraph, Table

BODY, TITLE, LATIN = "宋体", "黑体", "Times New Roman"
SIZES = {"a4": (Cm(21), Cm(29.7)), "a6": (Cm(10.5), Cm(14.8))}
GREY = RGBColor(0x55, 0x55, 0x55)
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")  # Word cannot hold them


def to_docx(doc: Document, size: str = "a4") -> bytes:
    """The Word file's bytes."""
    word = Word()
    _styles(word)
    _page(word.sections[0], size)
    core = word.core_properties
    core.title, core.subject = XML_ILLEGAL.sub("", doc.title), XML_ILLEGAL.sub("", doc.subtitle)
    core.author = "xieshang 协商沙盘"
    core.language = "zh-CN" if doc.lang == "zh" else "en"
    _run(word.add_paragraph(style="Title"), doc.title)
    if doc.subtitle:
        _run(word.add_paragraph(style="Subtitle"), doc.subtitle)
    _blocks(word, word, doc.blocks, size)
    if doc.footer:
        _run(word.add_paragraph(), doc.footer, small=True)
    out = BytesIO()
    word.save(out)
    return out.getvalue()


def _styles(word) -> None:
    for name, east, pt, bold in (("Normal", BODY, 10.5, False), ("Title", TITLE, 18, False), ("Subtitle", BODY, 12, False),
                                 ("Heading 1", TITLE, 14, False), ("Heading 2", TITLE, 12, False), ("List Bullet", BODY, 10.5, False)):
        style = word.styles[name]
        style.font.name, style.font.size, style.font.bold = LATIN, Pt(pt), bold
        style.font.color.rgb = RGBColor(0, 0, 0)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
            fonts.set(qn(attr), east if attr == "w:eastAsia" else LATIN)
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attr), None)
    for name in ("Title", "Subtitle"):
        word.styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page(section, size: str) -> None:
    section.page_width, section.page_height = SIZES["a4"] if size != "a6" else SIZES["a6"]
    margin = Cm(2) if size != "a6" else Cm(0.8)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = margin


def _run(paragraph, text: str, bold: bool = False, small: bool = False):
    run = paragraph.add_run(XML_ILLEGAL.sub("", text))
    run.bold = bold or None
    if small:
        run.font.size, run.font.color.rgb = Pt(8), GREY
    return run


def _blocks(word, where, blocks, size: str) -> None:
    """Add blocks to ``where`` (the document, or a table cell for a card's content)."""
    cards: list[Card] = []
    for block in [*blocks, None]:
        if isinstance(block, Card):
            cards.append(block)
            continue
        if cards:
            _cards(word, cards, size, more=block is not None)
            cards = []
        match block:
            case None:
                pass
            case Heading(text=t, level=level):
                if where is word:
                    word.add_heading(t, level=min(level, 2))
                else:
                    _run(where.add_paragraph(), t, bold=True)
            case Paragraph(text=t, note=note):
                _run(where.add_paragraph(), t, small=note)
            case Fields(rows=rows):
                table = where.add_table(rows=0, cols=2)
                table.style = "Table Grid"
                for label, value in rows:
                    cells = table.add_row().cells
                    _run(cells[0].paragraphs[0], label, bold=True)
                    _run(cells[1].paragraphs[0], value)
                    cells[0].width, cells[1].width = Cm(3.5), Cm(13.5)
            case Table(header=header, rows=rows):
                table = where.add_table(rows=1, cols=len(header))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, header):
                    _run(cell.paragraphs[0], text, bold=True)
                for row in rows:
                    for cell, text in zip(table.add_row().cells, row):
                        _run(cell.paragraphs[0], text)
            case Items(items=items):
                for item in items:
                    _run(where.add_paragraph(style="List Bullet"), item)
            case Break():
                if where is word:
                    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _cards(word, cards: list[Card], size: str, more: bool) -> None:
    """Cards in a section of their own: a 2×2 grid of A6 cells on each A4 page, or one card to an A6 page."""
    section = word.add_section(WD_SECTION.NEW_PAGE)
    _page(section, size)
    if size == "a6":
        for i, card in enumerate(cards):
            _card(word, word, card)
            if i < len(cards) - 1:
                word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(0.6)
        table = word.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i in range(0, len(cards), 2):
            row = table.add_row()
            row.height, row.height_rule = Cm(13.9), WD_ROW_HEIGHT_RULE.EXACTLY
            _no_split(row)
            for cell, card in zip(row.cells, cards[i:i + 2]):
                cell.width = Cm(9.9)
                _card(word, cell, card)
    if more:  # what follows the cards goes back to A4
        _page(word.add_section(WD_SECTION.NEW_PAGE), "a4")


def _card(word, where, card: Card) -> None:
    first = where.add_paragraph() if where is word else where.paragraphs[0]  # a cell starts with one empty paragraph
    if card.label:
        _run(first, card.label, small=True)
        first = where.add_paragraph()
    _run(first, card.title, bold=True).font.size = Pt(13)
    _blocks(word, where, card.blocks, "a6")


def _no_split(row) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(props.makeelement(qn("w:cantSplit"), {}))
