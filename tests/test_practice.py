"""The practice seat's core: a session played by code through every decision point of Art. 7 and 8,
the convener's view (statements from stances, never utilities), replay from a file in a new
process, and bilingual errors for bad choices and bad files."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

import simulator
from simulator.i18n import BilingualError
from simulator.practice import Session, compare
from simulator.practice.seen import position
from simulator.practice.text import DEBRIEF, ERRORS, HELP, LABELS, LOG, SEEN, TITLES, VALUES

from .conftest import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")
FAILING = [{"channels": ["wechat"]}, {"rule": "open_call"}, {"mode": "online", "offline_channel": False}]


def play(session: Session, after=lambda r: {"next": "close"}, publication=None) -> Session:
    """Answer every point: the pre-meeting ones are given, after-round by ``after(round)``."""
    while not session.finished:
        kind = session.point.kind
        session.choose(after(session.point.round) if kind == "after_round" else publication or {} if kind == "publication" else {})
    return session


def failing(seed: int) -> Session:
    """Open call, online without an offline channel, WeChat only, close after the first round."""
    s = Session.start("parking", seed=seed)
    for values in FAILING:
        s.choose(values)
    return play(s)


def test_a_session_walks_every_decision_point_in_order_and_days_advance():
    s = Session.start("parking", seed=0, trainee="张三")
    kinds, days = [], []
    script = {"topic": {"channels": ["home_visits", "deputies_reception"]},
              "participants": {"rule": "quota", "organisations": ["deputies", "property_company"], "more_from": ["elderly_owner"],
                               "more_count": 6},
              "form": {"mode": "hybrid", "time": "weekend", "notice_days": 5},
              "publication": {"channels": ["notice_board"], "explain": True}}
    while not s.finished:
        p = s.point
        kinds.append((p.kind, p.round))
        days.append(p.day)
        assert p.title("zh") and p.fields and all(f.help("zh") for f in p.fields)
        values = script.get(p.kind) or ({"next": "another_round", "actions": ["home_visits", "expert_assessment"]} if p.round == 1
                                        else {"next": "escalate"})
        s.choose(values)
    assert kinds[:3] == [("topic", 0), ("participants", 0), ("form", 0)]
    assert kinds[3:5] == [("after_round", 1), ("after_round", 2)]  # parking seed 0 needs rounds
    assert kinds[-1][0] == "publication"
    spec = s.spec
    assert days[0] == 0 and days[1] == days[2] == spec.procedure.topic.days
    assert days[3] == spec.procedure.topic.days + 5  # the notice the person chose
    assert days[4] == days[3] + spec.procedure.rounds.gap_days and days == sorted(days)
    stages = [r.stage for r in s.model.records]
    assert stages == ["topic", "participants", "round", "round", "escalation", "publication", "implementation"]
    assert s.model.records[2].detail["actions"] == ["home_visits", "expert_assessment"]
    assert s.model.experts_consulted and s.spec.procedure.form.mode == "hybrid" and s.spec.procedure.selection.rule == "quota"
    assert s.result.record["stages"][-2]["channels"] == ["notice_board"]
    # six more elderly owners than the rule and mandatory organisations invite
    plain = Session.start("parking", seed=0)
    for kind in ("topic", "participants", "form"):
        plain.choose({**script[kind], "more_from": [], "more_count": 0} if kind == "participants" else script[kind])
    assert len(s.model.invited) == len(plain.model.invited) + 6
    assert [k for k, _, _ in s.log] == [c["point"] for c in s.choices] and all(t("zh") for _, _, t in s.log[:3])


@pytest.mark.parametrize("name", ["parking", "elevator_retrofit", "dog_walking"])
def test_a_session_of_defaults_is_the_scenarios_own_run(name):
    """Choosing nothing but the defaults gives the run `simulator.run` gives: publication choices,
    applied as overrides when the model reaches publication, change nothing before it."""
    for seed in range(3):
        s = play(Session.start(name, seed=seed), after=lambda r: {})
        assert s.result.summary == simulator.run(name, seed).summary


def test_publication_choices_leave_the_run_before_publication_unchanged():
    a = play(Session.start("parking", seed=2), after=lambda r: {}, publication={"channels": ["wechat"], "explain": False})
    b = play(Session.start("parking", seed=2), after=lambda r: {})
    before = lambda s: [r for r in s.model.records if r.stage not in ("publication", "implementation")]  # noqa: E731
    assert before(a) == before(b)
    assert a.model.published_reach.mean() < b.model.published_reach.mean()
    assert a.result.summary["dissenters_explained"] != b.result.summary["dissenters_explained"] or a.model.decision is None


def test_the_convener_sees_statements_from_stances_never_utilities():
    s = Session.start("elevator_retrofit", seed=1)
    assert s.seen is None
    for _ in range(3):
        s.choose({})
    while s.point.kind != "after_round" and not s.finished:
        s.choose({})
    seen, model = s.seen, s.model
    people, consensus = model.people, model.spec.procedure.consensus
    utility = model.stance_history[model.round]
    option = model.spec.issue.options[model.proposal]
    voices = np.concatenate([model.round_attendees, model.round_written])
    checked = 0
    for code, group in enumerate(model.spec.population.groups):
        rows = voices[people.group[voices] == code]
        if not len(rows):
            continue
        said = next(t for t in seen.statements if t.zh.startswith(group.name.zh + "："))
        stance = position(utility[rows, model.proposal], consensus)
        assert ("反对" in said.zh) == (stance in ("object", "strong"))
        effect = option.effects.get(group.id)
        if stance in ("object", "strong") and effect is not None and effect.money < 0:
            assert "多花钱" in said.zh and "paying" in said.en  # the reason is the option's cost to them
            checked += 1
    assert checked >= 1
    for t in seen.statements:
        assert not re.search(r"\d\.\d", t.zh + t.en)  # no utilities as numbers
    assert seen.hands["yes"] + seen.hands["no"] + seen.hands["unsure"] == len(model.round_attendees)
    assert seen.attendance.iloc[:, 2].sum() == len(model.round_attendees)
    assert "举手" in seen.text("zh") and "Show of hands" in seen.text("en")


def test_bad_choices_get_a_bilingual_error_naming_the_field():
    s = Session.start("parking", seed=0)
    for values, field in [({"chanels": ["wechat"]}, "chanels"), ({"channels": ["pigeon"]}, "channels"), ({"channels": []}, "channels"),
                          ("wechat", None)]:
        with pytest.raises(BilingualError) as exc:
            s.choose(values)
        assert CJK.search(exc.value.zh) and not CJK.search(exc.value.en)
        assert field is None or field in exc.value.zh and field in exc.value.en
    assert s.choices == [] and s.point.kind == "topic"
    s.choose({})
    with pytest.raises(BilingualError, match="size"):
        s.choose({"size": 0})
    with pytest.raises(BilingualError, match="size"):
        s.choose({"size": True})


def test_a_saved_session_replays_identically_in_a_new_process_and_in_any_order(tmp_path):
    sessions = [failing(3), play(Session.start("parking", seed=5, trainee="李四"), after=lambda r: {})]
    files = [s.save(tmp_path / f"s{i}.json") for i, s in enumerate(sessions)]
    code = ("import json, sys\nfrom simulator.practice import Session\n"
            "for f in sys.argv[1:]:\n    print(json.dumps(Session.open(f).result.summary, sort_keys=True, ensure_ascii=False))\n")
    env = {"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "7"}
    out = subprocess.run([sys.executable, "-c", code, *map(str, reversed(files))], capture_output=True, text=True, check=True, env=env,
                         cwd=tmp_path).stdout.splitlines()
    mine = [json.dumps(s.result.summary, sort_keys=True, ensure_ascii=False) for s in sessions]
    assert out == list(reversed(mine))
    again = Session.open(files[0])
    assert again.choices == sessions[0].choices and again.log == sessions[0].log
    assert json.loads(files[1].read_text(encoding="utf-8"))["format"] == "xieshang-practice/1"


def test_the_trainer_compares_sessions_side_by_side(tmp_path):
    a, b = failing(3), play(Session.start("parking", seed=3, trainee="王五"), after=lambda r: {})
    a.trainee = "张三"
    frame = compare([Session.open(a.save(tmp_path / "a.json")), b, Session.start("parking", seed=3, trainee="赵六")])
    assert list(frame["学员"]) == ["张三", "王五", "赵六"]
    assert "公开报名" in frame["做出的选择"][0] and "第六条" in frame["未通过的检查"][0]
    assert frame["结果"][2] == "（尚未完成）"
    assert "trainee" in compare([a], "en").columns


def test_chinese_first_english_on_request():
    for table in (TITLES, LABELS, HELP, VALUES, SEEN, LOG, ERRORS, DEBRIEF):
        for key, text in table.items():
            words = re.sub(r"\{[^}]*\}", "", text.zh)
            assert CJK.search(words) or not re.search(r"\w", words), key
            assert not CJK.search(text.en), key
    zh, en = Session.start("parking", seed=0), Session.start("parking", seed=0, lang="en")
    assert CJK.search(zh.point.title()) and not CJK.search(en.point.title(en.lang))
    play(en, after=lambda r: {})
    assert not CJK.search(en.result.text())
    with pytest.raises(BilingualError):
        Session.start("parking", lang="fr")
