"""The documents layer: one document, three renderings. The Word file holds every word; the printable
page escapes what it is given and carries a font for every character it shows; printed in Chromium,
cards come four to an A4 sheet or one to an A6 sheet; a failure leaves no file."""

from __future__ import annotations

import base64
import io
import re

import pypdf
import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.documents import Break, Card, Document, Fields, Heading, Items, Paragraph, Table, save
from simulator.documents.output import render
from simulator.documents.pdf import PrintError
from simulator.documents.printable import to_html
from simulator.i18n import BilingualError

from .conftest import docx_text

MM = 72 / 25.4


def sample(cards: int = 6, lang: str = "zh") -> Document:
    card = lambda i: Card(title=f"租户 {i}", label="角色卡", blocks=(  # noqa: E731
        Heading("你关心什么"), Items(("车位费不要涨", "夜里有地方停")), Heading("红线"), Paragraph("不接受只给业主的方案。")))
    return Document(title="停车协商记录", subtitle="模拟", lang=lang, footer="协商沙盘生成，仅供培训", blocks=(
        Heading("一、协商事项"), Fields((("议题", "小区停车"), ("召集人", "社区党组织"), ("记录人签字", ""))),
        Heading("二、协商过程", level=2), Table(("轮次", "到场"), (("1", "19 人"), ("2", "17 人"))),
        Paragraph("注：时间为模拟的第几天。", note=True), Break(), Items(("公示栏", "微信群")),
        *(card(i) for i in range(cards))))


def pages(data: bytes) -> list[tuple[int, int]]:
    """Each printed page's size in millimetres."""
    return [(round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM)) for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_the_word_file_holds_every_word_of_the_document(tmp_path):
    doc = sample()
    text = docx_text(save(doc, tmp_path / "记录.docx").read_bytes())
    assert [w for w in doc.text().split("\n") if w not in text] == []


def test_the_word_file_puts_cards_four_to_an_a4_page_or_one_to_an_a6_page():
    import docx

    a4 = docx.Document(io.BytesIO(render(sample(6), ".docx", "a4")))
    grid = a4.tables[-1]
    assert len(grid.rows) == 3 and len(grid.columns) == 2  # 6 cards, two to a row, two rows to a page
    a6 = docx.Document(io.BytesIO(render(sample(6), ".docx", "a6")))
    assert round(a6.sections[-1].page_width.mm) == 105 and round(a6.sections[-1].page_height.mm) == 148


@pytest.mark.parametrize("cards, size, sheets", [(6, "a4", 2), (5, "a4", 2), (4, "a4", 1), (3, "a6", 3)])
def test_printed_in_chromium_cards_come_four_to_an_a4_sheet_or_one_to_an_a6_sheet(cards, size, sheets):
    printed = pages(render(sample(cards), ".pdf", size))
    assert printed[:2] == [(210, 297)] * 2  # the text, two A4 pages (it has a page break)
    assert printed[2:] == [(210, 297) if size == "a4" else (105, 148)] * sheets


def test_the_printed_text_is_the_documents_text():
    reader = pypdf.PdfReader(io.BytesIO(render(sample(2), ".pdf")))
    printed = re.sub(r"\s", "", "".join(p.extract_text() for p in reader.pages))
    assert all(re.sub(r"\s", "", w) in printed for w in ("停车协商记录", "小区停车", "不接受只给业主的方案。", "协商沙盘生成，仅供培训"))


def test_the_page_carries_a_font_with_every_character_it_shows():
    doc = sample(2)
    page = to_html(doc)
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", page)[1]
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    shown = {c for c in doc.text() if not c.isspace()}
    assert "协" in shown and sorted(c for c in shown if ord(c) not in cmap) == []
    assert len(data) < len(page) and len(page) < 400_000  # a subset, not the whole 3.5 MB font


text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, cell=text, item=text)
def test_any_text_renders_escaped_and_whole(title, cell, item):
    doc = Document(title=title, blocks=(Fields((("名", cell),)), Table(("列",), ((cell,),)), Items((item,)),
                                        Card(title=item, blocks=(Paragraph(cell),))))
    page = to_html(doc)
    body = page.split("<body", 1)[1]
    assert "<script" not in body.lower().replace("&lt;script", "")  # what it is given is text, never markup
    for value in (title, cell, item):
        assert (value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace('"', "&quot;").replace("'", "&#x27;")) in body
    legal = lambda s: re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", s)  # noqa: E731  Word cannot hold the rest
    words = docx_text(render(doc, ".docx"))
    assert all(legal(v).replace("\r", "\n") in words.replace("\r", "\n") for v in (cell, item))


def test_an_unknown_file_type_is_a_bilingual_message_and_no_file(tmp_path):
    with pytest.raises(BilingualError) as error:
        save(sample(), tmp_path / "记录.txt")
    assert "记录.txt" in error.value.zh and ".docx" in error.value.en
    assert list(tmp_path.iterdir()) == []


def test_without_a_browser_a_pdf_is_a_bilingual_message_and_no_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XIESHANG_BROWSER", str(tmp_path / "no-such-browser"))
    with pytest.raises(PrintError) as error:
        save(sample(), tmp_path / "记录.pdf")
    assert "浏览器" in error.value.zh and "browser" in error.value.en and ".html" in error.value.zh
    assert list(tmp_path.iterdir()) == []


def test_a_browser_that_fails_leaves_no_file(tmp_path, monkeypatch):
    fails = tmp_path / "fails"
    fails.write_text("#!/bin/sh\necho 'it broke' >&2\nexit 3\n")
    fails.chmod(0o755)
    monkeypatch.setenv("XIESHANG_BROWSER", str(fails))
    (tmp_path / "out").mkdir()
    with pytest.raises(PrintError) as error:
        save(sample(), tmp_path / "out" / "记录.pdf")
    assert "it broke" in error.value.zh
    assert list((tmp_path / "out").iterdir()) == []
