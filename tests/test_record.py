"""The consultation record (协商记录, Art. 11): for every shipped scenario the Word file is opened with
python-docx and checked against the run; English too; a practice session's record carries the convener's
choices; the same seed gives the same record in any process; the printed pages (Chromium) fit the page,
carry the Chinese font and the matter's title; ``xieshang record`` refuses bad input with exit 2, a message
in the chosen language, no traceback and no file left behind."""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import tempfile
import unicodedata
from pathlib import Path

import docx
import pypdf
import pypdfium2 as pdfium
import pytest
from fontTools.ttLib import TTFont
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import sync_playwright

import simulator
from simulator.cli import main
from simulator.documents import consultation_record, save
from simulator.documents.output import render
from simulator.documents.printable import to_html
from simulator.i18n import term, terms
from simulator.practice import Session

from .conftest import CHROMIUM, ROOT, cli

SHIPPED = sorted(simulator.shipped())
SHOTS = Path(os.environ.get("XIESHANG_SCREENSHOTS") or ROOT / "test-output" / "screenshots")
HAN = re.compile(r"[\u4e00-\u9fff]")
LABEL = {"zh": {"matter": "协商事项", "form": "协商形式（第六条）", "channels": "公开渠道", "implemented": "实施情况",
                "took_part": "参加（到会或书面意见）", "name": "群体或组织", "yes": "同意", "footer": "模拟记录，仅供培训"},
         "en": {"matter": "Matter", "form": "Form (Art. 6)", "channels": "Channels", "implemented": "Implemented",
                "took_part": "took part (came or wrote)", "name": "group or organisation", "yes": "yes", "footer": "for training only"}}


@pytest.fixture(scope="module")
def records(tmp_path_factory) -> dict:
    """Each shipped scenario's run (seed 3) and its record written as Word and reopened, in both languages."""
    folder, out = tmp_path_factory.mktemp("records"), {}
    for name in SHIPPED:
        for lang in ("zh", "en"):
            run = simulator.run(name, 3, lang=lang)
            path = save(consultation_record(run), folder / f"{name}-{lang}.docx")
            out[name, lang] = run, docx.Document(str(path))
    return out


def word_fields(word) -> dict[str, list[str]]:
    """Every label–value row of the Word file's two-column form tables: label -> values, in order."""
    out: dict[str, list[str]] = {}
    for table in word.tables:
        if len(table.columns) == 2:
            for row in table.rows:
                out.setdefault(row.cells[0].text, []).append(row.cells[1].text)
    return out


def word_text(word) -> str:
    return "\n".join([p.text for p in word.paragraphs] + [c.text for t in word.tables for row in t.rows for c in row.cells])


def table_with(word, header: str):
    """The rows (as text) of the first table whose header row holds ``header``."""
    for table in word.tables:
        head = [c.text for c in table.rows[0].cells]
        if header in head:
            return head, [[c.text for c in row.cells] for row in table.rows[1:]]
    raise AssertionError(f"no table with the column {header}")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", SHIPPED)
def test_the_word_record_of_every_shipped_scenario_says_what_the_run_did(records, name, lang):
    run, word = records[name, lang]
    spec, s, words = run.model.spec, run.summary, LABEL[lang]
    fields = word_fields(word)
    assert fields[words["matter"]] == [spec.title(lang)]
    assert fields[words["form"]][0].startswith(term(spec.procedure.form.mode, lang))
    # each group's and organisation's participants, as the run's own record counts them
    head, rows = table_with(word, words["took_part"])
    took = {row[head.index(words["name"])]: int(row[head.index(words["took_part"])]) for row in rows[:-1]}
    assert {k: n for k, n in took.items() if n} == run.record["participants"] and sum(took.values()) == s["participants"]
    assert int(rows[-1][head.index(words["took_part"])]) == s["participants"]  # the total row
    # one section per round held, with that round's proposal
    proposals = [st["proposal"] for st in run.record["stages"] if st["stage"] == "round"]
    assert len(proposals) == s["rounds"]
    names = spec.option_names(lang)
    assert fields[{"zh": "桌上方案", "en": "Proposal on the table"}[lang]] == [names[p] for p in proposals]
    # the vote's tally, each village's where each votes
    if s["vote"]:
        head, rows = table_with(word, words["yes"])
        tallies = [v["tally"] for v in s["vote"]["villages"]] or [s["vote"]["tally"]]
        assert [int(r[head.index(words["yes"])]) for r in rows] == [t["yes"] for t in tallies]
        assert s["vote"]["reason"].splitlines()[0] in word_text(word)
    assert fields[words["channels"]] == [terms(spec.procedure.publication.channels, lang)]
    implemented = fields[words["implemented"]][0]
    if s["decision"] is None:
        assert implemented == {"zh": "无事可实施（没有作出决定）", "en": "nothing to carry out (no decision)"}[lang]
    else:
        assert (implemented == {"zh": "已实施", "en": "carried out"}[lang]) == s["implemented"]
    text = word_text(word)
    assert words["footer"] in text and str(spec.id) in text
    if lang == "en":  # every word in English: no Chinese left in the English record
        assert not HAN.findall(text), sorted(set(HAN.findall(text)))[:20]


def test_the_record_follows_the_run_not_the_scenario():
    """Two seeds of one scenario: the record differs where the runs differ (attendance), never made up."""
    a, b = (simulator.run("parking", seed) for seed in (0, 1))
    ta, tb = consultation_record(a).text(), consultation_record(b).text()
    assert a.record["participants"] != b.record["participants"] and ta != tb
    for run, text in ((a, ta), (b, tb)):
        for st_ in run.record["stages"]:
            if st_["stage"] == "round":
                assert f"第 {st_['day']:g} 天" in text and f"到会 {st_['attendees']} 人" in text
    assert "年" not in re.sub(r"老年|青年|成年|多年|年龄|每年", "", ta)  # days from the start, never a calendar date


def test_the_same_seed_gives_the_same_record_in_another_process(tmp_path):
    here = save(consultation_record(simulator.run("dog_walking", 5, ["procedure.rounds.max=2"])), tmp_path / "here.docx")
    done = cli("record", "dog_walking", "--seed", "5", "--set", "procedure.rounds.max=2", "--out", str(tmp_path / "there.docx"))
    assert done.returncode == 0, done.stderr
    assert "there.docx" in done.stdout and "Traceback" not in done.stderr
    assert word_text(docx.Document(str(here))) == word_text(docx.Document(str(tmp_path / "there.docx")))
    other = consultation_record(simulator.run("dog_walking", 6, ["procedure.rounds.max=2"])).text()
    assert other != consultation_record(simulator.run("dog_walking", 5, ["procedure.rounds.max=2"])).text()


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> tuple[Session, Path]:
    """A finished practice: online-only topic channel, then the default at every point; saved to a file."""
    s = Session.start("parking", 4, trainee="王小明")
    s.choose({"channels": ["wechat"]})
    while not s.finished:
        s.choose({})
    return s, s.save(tmp_path_factory.mktemp("practice") / "practice.json")


def test_a_practice_record_lists_the_conveners_choices_where_they_were_made(session, tmp_path):
    s, file = session
    doc = consultation_record(s.result, session=s)
    text = doc.text()
    assert "王小明" in text
    for choice in s.choices:
        assert s.describe(choice, "zh") in text, choice
    # the choices sit in their places: the topic's in the head, each after-round one after its round
    assert text.index(s.describe(s.choices[0], "zh")) < text.index("第 1 轮协商")
    for choice in (c for c in s.choices if c["point"] == "after_round"):
        assert text.index(f"第 {choice['round']} 轮协商") < text.index(s.describe(choice, "zh"))
    assert "王小明" not in consultation_record(s.result).text()  # a plain run has no trainee
    # the command line writes the same record from the saved file, in English when asked
    done = cli("record", "--practice", str(file), "--out", str(tmp_path / "p.docx"), "--lang", "en")
    assert done.returncode == 0, done.stderr
    english = word_text(docx.Document(str(tmp_path / "p.docx")))
    assert all(s.describe(c, "en") in english for c in s.choices) and "王小明" in english


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The parking record (Chinese) and the longest shipped one (English) as printable pages and PDFs."""
    out = {}
    for name, lang in (("parking", "zh"), ("elevator_shanghai_rule", "en")):
        run = simulator.run(name, 0, lang=lang)
        doc = consultation_record(run)
        out[name] = run, doc, to_html(doc), render(doc, ".pdf")
    return out


@pytest.mark.slow
def test_the_pdf_has_a_sensible_number_of_pages_and_the_matter_in_its_text(printed):
    for name, (run, doc, _html, pdf) in printed.items():
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        rounds = run.summary["rounds"]
        assert 3 <= len(reader.pages) <= 4 + 2 * rounds, (name, len(reader.pages))
        text = "".join(page.extract_text() for page in reader.pages)
        assert run.model.spec.title(doc.lang) in text.replace("\n", "")


@pytest.mark.slow
def test_every_printed_character_is_in_the_embedded_font_and_nothing_overflows_the_page(printed):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for name, (_run, doc, page_html, _pdf) in printed.items():
            face = re.search(r"base64,([A-Za-z0-9+/=]+)", page_html)[1]
            cmap = TTFont(io.BytesIO(base64.b64decode(face))).getBestCmap()
            glyphs = {c for c in doc.text() if not c.isspace() and unicodedata.category(c) != "Cf"}
            assert not sorted(c for c in glyphs if ord(c) not in cmap), name
            page = browser.new_page(viewport={"width": 703, "height": 1000})  # A4's 186 mm between the margins
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("data:", "file:", "about:"))
                       else route.abort())
            page.emulate_media(media="print")
            page.set_content(page_html)
            report = page.evaluate("""async () => {
                await document.fonts.ready;
                const width = document.documentElement.clientWidth;
                const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > width + 1)
                    .map(e => e.outerHTML.slice(0, 80));
                const ours = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Xieshang Sans SC');
                return {wide, scroll: document.documentElement.scrollWidth - width, status: ours.map(f => f.status),
                        family: getComputedStyle(document.querySelector('td')).fontFamily, text: document.body.innerText};
            }""")
            assert report["scroll"] <= 0 and not report["wide"], (name, report["wide"][:3])
            assert report["status"] == ["loaded"] and report["family"].startswith('"Xieshang Sans SC"')
            shown = {c for c in report["text"] if not c.isspace() and unicodedata.category(c) != "Cf"}
            assert (HAN.search(report["text"]) is not None) == (doc.lang == "zh")
            assert not sorted(c for c in shown if ord(c) not in cmap)
            page.close()
        browser.close()


@pytest.mark.slow
def test_the_printed_parking_record_is_drawn_page_by_page(printed):
    """The screenshots the docs show: each printed page of the parking record."""
    _run, _doc, _html, pdf = printed["parking"]
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob("record-parking-*.png"):
        old.unlink()
    pages = pdfium.PdfDocument(pdf)
    try:
        for i in range(len(pages)):
            image = pages[i].render(scale=1.2).to_pil()
            assert image.width < image.height  # portrait A4
            image.save(SHOTS / f"record-parking-{i + 1}.png")
    finally:
        pages.close()
    assert len(list(SHOTS.glob("record-parking-*.png"))) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


# --- the command line: bad input ------------------------------------------------

def _bad(argv: list[str], folder: Path) -> str:
    """Run ``xieshang`` in this process; it must exit 2 with a message, no traceback, and leave ``folder`` empty."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    message = err.getvalue()
    assert code == 2, (argv, message)
    assert message.strip() and "Traceback" not in message
    assert not list(folder.iterdir()), list(folder.iterdir())
    return message


SLOW_INPUT = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SLOW_INPUT
@given(suffix=st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=0, max_size=6)
       .filter(lambda s: f".{s}" not in (".docx", ".html", ".pdf")), lang=st.sampled_from(["zh", "en"]))
def test_an_unknown_file_type_is_refused(suffix, lang):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / (f"record.{suffix}" if suffix else "record")
        message = _bad(["record", "parking", "--out", str(out), "--lang", lang], Path(tmp))
        assert out.name in message and (("不认识的文件类型" in message) == (lang == "zh"))


@SLOW_INPUT
@given(setting=st.one_of(
    st.from_regex(r"\Anosuch_[a-z]{1,8}(\.[a-z]{1,6})?=[a-z0-9]{0,5}\Z"),
    st.tuples(st.sampled_from(["procedure.rounds.max", "procedure.form.notice_days", "procedure.selection.size"]),
              st.text(alphabet="abcxyz-!", min_size=1, max_size=5)).map("=".join),
    st.from_regex(r"\A[a-z.]{1,12}\Z")),  # no "=" at all
    lang=st.sampled_from(["zh", "en"]))
def test_a_bad_setting_is_refused(setting, lang):
    with tempfile.TemporaryDirectory() as tmp:
        message = _bad(["record", "parking", "--set", setting, "--out", str(Path(tmp) / "r.docx"), "--lang", lang], Path(tmp))
        assert bool(HAN.search(message)) == (lang == "zh")


@SLOW_INPUT
@given(content=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                         st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                                      lambda kids: st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=8), kids, max_size=3),
                                      max_leaves=8).map(lambda v: json.dumps(v).encode())),
       lang=st.sampled_from(["zh", "en"]))
def test_a_garbage_practice_file_is_refused(content, lang):
    with tempfile.TemporaryDirectory() as tmp, tempfile.TemporaryDirectory() as inputs:
        file = Path(inputs) / "practice.json"
        file.write_bytes(content)
        message = _bad(["record", "--practice", str(file), "--out", str(Path(tmp) / "r.pdf"), "--lang", lang], Path(tmp))
        assert "practice.json" in message


def test_missing_things_and_a_folder_are_refused_by_name(tmp_path, session):
    _s, file = session
    out = tmp_path / "out"
    out.mkdir()
    assert "nosuch" in _bad(["record", "nosuch", "--out", str(out / "r.docx")], out)
    assert "nowhere" in _bad(["record", "parking", "--out", str(tmp_path / "nowhere" / "r.docx")], out)
    assert "gone.json" in _bad(["record", "--practice", str(tmp_path / "gone.json"), "--out", str(out / "r.docx")], out)
    assert "--practice" in _bad(["record", "parking", "--practice", str(file), "--out", str(out / "r.docx")], out)
    assert "--seed" in _bad(["record", "--practice", str(file), "--seed", "2", "--out", str(out / "r.docx")], out)
    assert "--out" in _bad(["record", "parking"], out)
    (out / "r.docx").mkdir()  # the name of a folder: written to nowhere, the folder left alone
    message = _bad(["record", "parking", "--out", str(out / "r.docx"), "--lang", "en"], out / "r.docx")
    assert "r.docx" in message and "folder" in message
    assert sorted(p.name for p in out.iterdir()) == ["r.docx"]
    unfinished = Session.start("parking", 1)
    part = unfinished.save(tmp_path / "half.json")
    assert "half.json" in _bad(["record", "--practice", str(part), "--out", str(out / "x.docx")], out / "r.docx")
    assert not (out / "x.docx").exists()
