"""The consultation record and the readable summary."""

from __future__ import annotations

import json

import pytest

import simulator

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
