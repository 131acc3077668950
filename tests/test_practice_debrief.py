"""The practice debrief on a failing path, and bad session files."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.practice import Session, SessionFileError
from simulator.practice.debrief import choices_with, distribution, outcome
from simulator.practice.replay import play

from .test_practice import CJK, failing

SEEDS = 30


@pytest.fixture(scope="module")
def debrief():
    session = failing(3)
    start = time.perf_counter()
    d = session.debrief(seeds=SEEDS)
    print(f"\ndebrief of {SEEDS} seeds: {time.perf_counter() - start:.1f} s")  # measured, not asserted
    print(d.text("en"))
    return d


@pytest.mark.slow
def test_the_debrief_names_the_choices_that_mattered_and_switching_the_top_one_helps(debrief):
    session = debrief.session
    paths = debrief.paths.set_index("做法")
    good = "依法通过并实施比例"
    assert list(paths.index[:2]) == ["你的做法", "情景默认做法"] and len(paths) >= 3
    assert paths.loc["情景默认做法", good] > paths.loc["你的做法", good]
    top = debrief.switch_rows[0]
    assert top["good"] > 0.1
    names = {r["choice"].zh for r in debrief.switch_rows}
    assert {"协商主体的产生方式", "线上协商时保留线下表达渠道", "协商形式"} <= names  # the failing choices are named
    # the same switch, replayed independently on the same seeds, lifts the outcome by a margin
    i, field = next((i, n) for i, c in enumerate(session.choices) for n in c["values"]
                    if c["point"] != "after_round" and _label(session, i, n) == top["choice"])
    default = _default(session, i, field)
    seeds = [session.seed + k for k in range(SEEDS)]
    yours = distribution([outcome(play(session.name, session.data_json, s, session.choices)) for s in seeds])
    switched = distribution([outcome(play(session.name, session.data_json, s, choices_with(session.choices, i, field, default)))
                             for s in seeds])
    assert switched["good"] >= yours["good"] + 0.1
    reasons = [r("zh") for r in debrief.reasons]
    assert any("第六条" in r for r in reasons) and any("反对" in r for r in reasons)
    assert any(top["choice"].zh in r for r in reasons)
    text = debrief.text("zh")
    assert "其他种子" in text and "按情景规则" in text  # the debrief says how other seeds were replayed
    assert not CJK.search(debrief.text("en").replace(debrief.session.spec.title("zh"), ""))


def _replay_to(session: Session, i: int) -> Session:
    s = Session(session.name, session.data_json, session.seed, session.lang)
    for c in session.choices[:i]:
        s.choose(c["values"])
    return s


def _label(session, i, name):
    return next(f.label for f in _replay_to(session, i).point.fields if f.name == name)


def _default(session, i, name):
    return next(f.default for f in _replay_to(session, i).point.fields if f.name == name)


def test_the_debrief_needs_a_finished_session():
    with pytest.raises(Exception, match="finished|完成"):
        Session.start("parking").debrief()


# --- bad files -----------------------------------------------------------------

GOOD: dict = {}


def good_file() -> dict:
    if not GOOD:
        s = Session.start("parking", seed=1, trainee="张三")
        for v in ({"channels": ["wechat"]}, {"rule": "open_call"}, {}):
            s.choose(v)
        GOOD.update(json.loads(_dumps(s)))
    return json.loads(json.dumps(GOOD))


def _dumps(s: Session) -> str:
    from simulator.practice.saved import dumps
    return dumps(s)


junk = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**20), st.floats(allow_nan=True), st.text(max_size=8),
                 st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(), max_size=2))


@st.composite
def broken(draw):
    """A session file broken one way, and the field an error must name ('' for the file as a whole)."""
    data = good_file()
    how = draw(st.sampled_from(["json", "type", "unknown", "value", "scenario", "choice_type", "point"]))
    if how == "json":
        text = json.dumps(data, ensure_ascii=False)
        return text[: draw(st.integers(0, len(text) - 1))], ""
    if how == "type":
        key = draw(st.sampled_from(["seed", "lang", "trainee", "choices", "scenario", "created"]))
        value = draw(junk)
        if key == "seed" and isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
            value = -1
        if key == "trainee" and isinstance(value, str):
            value = None
        if key == "created" and isinstance(value, str):
            value = 3
        if key == "choices" and value == []:
            value = [1]
        if key == "lang" and value in ("zh", "en"):
            value = "fr"
        data[key] = value
        return json.dumps(data), key
    if how == "unknown":
        where = draw(st.sampled_from(["top", "choice", "scenario"]))
        name = "x_" + draw(st.text("abcdefghij", min_size=1, max_size=6))
        target = {"top": data, "choice": data["choices"][0], "scenario": data["scenario"]}[where]
        target[name] = 1
        return json.dumps(data), {"top": "", "choice": "choices.0.", "scenario": "scenario."}[where] + name
    if how == "value":
        i = draw(st.integers(0, len(data["choices"]) - 1))
        field = draw(st.sampled_from(sorted(data["choices"][i]["values"])))
        data["choices"][i]["values"][field] = draw(st.one_of(st.text(max_size=6).map(lambda t: "zz" + t), st.just([["x"]]),
                                                             st.just(-7), st.just({"a": 1})))
        return json.dumps(data), f"choices.{i}.values"
    if how == "scenario":
        path, value = draw(st.sampled_from([(("population", "households"), -3), (("issue", "status_quo"), "nothing"),
                                            (("procedure", "form", "mode"), "pigeon"), (("population", "groups"), [])]))
        node = data["scenario"]["data"]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return json.dumps(data), "scenario.data"
    if how == "choice_type":
        i = draw(st.integers(0, len(data["choices"]) - 1))
        data["choices"][i] = draw(junk)
        return json.dumps(data), f"choices.{i}"
    i = draw(st.integers(0, len(data["choices"]) - 1))
    data["choices"][i]["point"] = draw(st.sampled_from(["publication", "after_round", "done", "nonsense"]))
    return json.dumps(data), f"choices.{i}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(broken())
def test_bad_session_files_get_a_bilingual_message_naming_the_file_and_field(tmp_path, case):
    text, field = case
    path = tmp_path / "坏的练习.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SessionFileError) as exc:
        Session.open(path)
    err = exc.value
    assert err.source == path.name and path.name in err.zh and path.name in err.en
    assert CJK.search(err.zh.replace(path.name, "")) and err.zh != err.en
    assert err.path.startswith(field), (err.path, field)
    assert field == "" or field in err.zh and field in err.en
    assert "Traceback" not in str(err)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # nothing else written


def test_a_session_file_that_is_not_one(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"format": "xieshang-design/1", "seed": 1}), encoding="utf-8")
    with pytest.raises(SessionFileError, match="format"):
        Session.open(path)
    with pytest.raises(SessionFileError, match="JSON"):
        Session.open(__file__)
