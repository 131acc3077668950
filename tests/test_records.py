"""The consultation record and the readable summary."""

from __future__ import annotations

import json
import re

import pytest

import simulator
from simulator.consultation import records
from simulator.law import BODIES

from .conftest import SHIPPED


def test_record_lists_participants_positions_and_result(parking):
    r = simulator.run(parking, 3)
    rec = r.record
    assert rec["form"] == "线下"
    assert sum(rec["participants"].values()) == r.summary["participants"]
    assert [p["round"] for p in rec["positions"]] == list(range(r.summary["rounds"] + 1))
    for p in rec["positions"]:
        assert sum(p["preferred"].values()) == r.summary["participants"]
    assert [s["stage"] for s in rec["stages"]][:3] == ["topic", "participants", "round"]
    assert rec["stages"][-1]["stage"] == "implementation"
    json.dumps(rec, ensure_ascii=False)


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_scenario_runs_end_to_end(name, lang):
    r = simulator.run(name, 5, lang=lang)
    s = r.summary
    json.dumps(s, ensure_ascii=False, allow_nan=False)
    assert s["scenario"] == name and s["rounds"] >= 1 and s["days"] > 0
    assert s["decision"] is None or s["decision"] in {o.id for o in r.model.spec.issue.options}
    assert (s["vote"] is not None) == s["escalated"]
    assert 0 <= s["representation_gap"] <= 1 and s["person_hours"] > 0
    text = r.text()
    assert s["title"] in text
    if lang == "zh":
        assert "程序合规检查" in text
    else:
        assert "Procedural audit" in text


# --- the vote and what followed it ----------------------------------------------------------------

_HAN = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
_NEW = ("协商会议提出建议", "表决结论", "实施：", "决定之后", "须作出改变的群体")
_NEW_EN = ("The table recommends", "The vote:", "Implemented:", "After the decision", "Expected compliance of those")


def _voted(scenario: str, lang: str):
    for seed in range(30):
        r = simulator.run(scenario, seed, lang=lang)
        if r.summary["vote"] is not None:
            return r
    raise AssertionError(f"{scenario}: no run in 30 seeds went to a vote")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_says_the_table_recommends_and_the_body_decides_with_its_local_rule(lang):
    r = _voted("elevator_retrofit", lang)
    s, text = r.summary, r.text()
    vote = s["vote"]
    lines = text.splitlines()
    lesson = next(line for line in lines if line.startswith(("协商会议提出建议", "The table recommends")))
    assert BODIES[s["decision_body"]].name(lang) in lesson
    assert lesson.endswith({"zh": ("表决通过", "表决未通过"), "en": ("vote passed", "vote did not pass")}[lang][not vote["passed"]])
    verdict = next(line for line in lines if line.startswith(("表决结论", "The vote:")))
    statute = {"zh": ("法定门槛达到", "法定门槛未达到"), "en": ("statutory threshold met", "statutory threshold not met")}[lang]
    assert statute[not vote["statute_met"]] in verdict
    met = sum(c["met"] for c in vote["local_rules"])
    assert (f"地方规则 {len(vote['local_rules'])} 条中 {met} 条达到" if lang == "zh" else
            f"{met} of {len(vote['local_rules'])} local rule(s) met") in verdict
    for rule in vote["local_rules"]:  # each rule in full, with its tally, from the body's reason
        assert rule["text"] in text
        consent = "{consent}/{households} 户同意" if lang == "zh" else "{consent} of {households} households consent"
        assert consent.format(**rule["tally"]) in rule["text"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_gives_each_village_its_result_and_tally(lang):
    r = _voted("cross_village_road", lang)
    villages = r.summary["vote"]["villages"]
    verdict = next(line for line in r.text().splitlines() if line.startswith(("表决结论", "The vote:")))
    names = [v.name(lang) for v in r.model.spec.population.villages]
    assert [v["village"] for v in villages] == names
    for v in villages:
        t, ok = v["tally"], v["passed"]
        if lang == "zh":
            assert f"{v['village']}{'通过' if ok else '未通过'}（同意 {t['yes']}，应到 {t['entitled']}，实到 {t['present']}）" in verdict
        else:
            assert f"{v['village']} {'passed' if ok else 'did not pass'} (yes {t['yes']}, entitled {t['entitled']}, present {t['present']})" in verdict


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_says_whether_it_was_implemented_and_who_blocked_it(lang):
    r = next(r for seed in range(30) if (r := simulator.run("dog_walking", seed, lang=lang)).summary["decision"])
    s = r.summary
    names = {g: v["name"] for g, v in s["groups"].items()}
    text = r.text()
    blocked_by = {"zh": "实施：否，阻止实施的群体：{}", "en": "Implemented: no, blocked by {}"}[lang]
    sep = "、" if lang == "zh" else ", "
    state = next(line for line in text.splitlines() if line.startswith(("实施：", "Implemented:")))
    assert state == ({"zh": "实施：是", "en": "Implemented: yes"}[lang] if s["implemented"]
                     else blocked_by.format(sep.join(names[g] for g in s["blocked_by"])))
    a = s["aftermath"]
    assert (f"决定之后：受决定不利影响 {a['harmed']} 户；阻挠施工 {a['obstructions']} 户" if lang == "zh"
            else f"After the decision: {a['harmed']} households harmed; {a['obstructions']} obstruct the works") in text
    change = s["compliance_of_those_who_change"]
    nobody = {"zh": "没有须作出改变的群体", "en": "no group must change"}[lang]
    line = next(line for line in text.splitlines() if line.startswith(("须作出改变的群体", "Expected compliance of those")))
    assert line.split("：" if lang == "zh" else ": ")[1].startswith(nobody if change is None else f"{change:.0%}")
    assert all(f"{names[g]} {v:.0%}" in line for g, v in s["compliance_by_group"].items())
    # the same run had two groups stopped it: the report names them, not their ids
    blocked = list(names)[:2]
    report = records.render({**s, "implemented": False, "blocked_by": blocked}, r.model.spec.option_names(lang), lang)
    assert blocked_by.format(sep.join(names[g] for g in blocked)) in report.splitlines()
    assert not any(g in report for g in blocked)


def test_a_run_with_no_decision_says_nothing_was_implemented():
    r = next(r for seed in range(30) if (r := simulator.run("asset_disposal", seed)).summary["decision"] is None)
    assert "实施：无（没有作出决定）" in r.text().splitlines()


@pytest.mark.parametrize("name", SHIPPED)
def test_the_english_report_has_no_chinese_and_its_new_lines_are_there(name):
    for seed in range(2):
        r = simulator.run(name, seed, lang="en")
        text = r.text()
        assert not _HAN.search(text), _HAN.findall(text)
        lines = text.splitlines()
        present = {key for key in _NEW_EN if any(line.startswith(key) for line in lines)}
        assert "Implemented:" in present
        assert ("The table recommends" in present) == ("The vote:" in present) == (r.summary["vote"] is not None)
        zh = simulator.run(name, seed).text()
        assert {k for k, e in zip(_NEW, _NEW_EN) if e in present} == {k for k in _NEW if any(k in line for line in zh.splitlines())}
