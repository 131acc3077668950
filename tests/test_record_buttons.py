"""The 协商记录 button on the workshop and practice pages: it saves the record of the run the page
shows (Word and a printable page), offers both for download, and says so when there is nothing to record."""

from __future__ import annotations

import base64
import re

import pytest

import simulator
from simulator.documents import consultation_record
from simulator.workshop import Dashboard
from simulator.workshop.practice import Practice

from .conftest import docx_text as words


def links(message: str) -> dict[str, bytes]:
    """The download links in a page's message: ``{file name: bytes}``."""
    return {name: base64.b64decode(data) for name, data in
            re.findall(r"download='([^']+)' href='data:[^;]+;base64,([^']+)'", message)}


@pytest.fixture(scope="module")
def board():
    return Dashboard("parking")


def test_the_dashboard_records_the_run_it_shows_and_offers_it_for_download(board, tmp_path):
    board.seed.value = 5
    board.run()
    board.rounds.value = 1  # the controls move on, the cards still describe seed 5's run
    written = board.record(tmp_path / "out")
    assert sorted(p.suffix for p in written) == [".docx", ".html"]
    assert {p.name for p in written} == {"协商记录-parking-种子5.docx", "协商记录-parking-种子5.html"}
    offered = links(board.message.value)
    assert offered == {p.name: p.read_bytes() for p in written}
    shown = consultation_record(simulator.run("parking", 5), "zh")
    text = words(next(p for p in written if p.suffix == ".docx").read_bytes())
    assert all(line in text for line in shown.text().split("\n"))
    page = next(p for p in written if p.suffix == ".html").read_text(encoding="utf-8")
    assert "<html lang='zh-CN'>" in page and "@font-face" in page
    board.rounds.value = board.scenario.procedure.rounds.max


def test_the_english_dashboard_records_in_english(tmp_path):
    board = Dashboard("dog_walking", lang="en")
    written = board.record(tmp_path / "out")
    assert {p.name for p in written} == {"record-dog_walking-seed0.docx", "record-dog_walking-seed0.html"}
    text = words(next(p for p in written if p.suffix == ".docx").read_bytes())
    assert board.scenario.title("en") in text
    assert "Download the Word file" in board.message.value


def test_records_count_towards_the_pages_export_limit(tmp_path):
    board = Dashboard("parking")
    board.max_exports = 1
    assert board.record(tmp_path / "one")
    assert board.record(tmp_path / "two") == []
    assert not (tmp_path / "two").exists() and "xs-error" in board.message.value


def test_the_practice_page_records_a_finished_session_with_the_trainee_as_convener(tmp_path, monkeypatch):
    monkeypatch.setenv("XIESHANG_EXPORT_DIR", str(tmp_path))
    page = Practice("parking", seed=3, trainee="王小红", seeds=2)
    assert page.record_button.layout.display == "none"  # nothing to record before the end
    assert all(b.layout.display != "none" for b in (page.save_button, page.upload, page.restart_button))  # only it hides
    page.record_button.click()  # a client may click a hidden button: a sentence, and no file
    assert "请先完成一次协商" in page.message.value and not list(tmp_path.iterdir())
    for _ in range(20):
        if page.session.finished:
            break
        page.next()
    assert page.session.finished and page.record_button.layout.display is None
    written = page.record()
    assert {p.parent for p in written} == {written[0].parent} and written[0].parent.parent == tmp_path
    text = words(next(p for p in written if p.suffix == ".docx").read_bytes())
    assert "王小红" in text
    expected = consultation_record(page.session.result, "zh", session=page.session)
    assert all(line in text for line in expected.text().split("\n"))
