"""The command line, as a trainer uses it: Chinese by default, no tracebacks, exit 2 on bad input."""

from __future__ import annotations

import json

import pytest

import simulator
from simulator.cli import main

from .conftest import SCENARIOS, SHIPPED, cli

KEYS = {
    "scenario", "seed", "consensus", "consensus_rule", "rounds", "days", "decision", "escalated",
    "decision_body", "vote", "participants", "support_participants", "support_population",
    "representation_gap", "groups", "person_hours", "expected_compliance", "audit",
}


def test_run_prints_a_chinese_summary():
    out = cli("run", "parking", "--seed", "1")
    assert out.returncode == 0, out.stderr
    assert "小区停车协商" in out.stdout and "程序合规检查" in out.stdout and "第六条" in out.stdout


def test_run_json_is_one_object_with_the_keys():
    out = cli("run", str(SCENARIOS / "parking.yaml"), "--seed", "2", "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert KEYS <= set(summary) and summary["seed"] == 2 and summary["scenario"] == "parking"


def test_same_seed_same_json_in_two_processes():
    a = cli("run", "parking", "--seed", "42", "--json", "--set", "procedure.selection.rule=open_call")
    b = cli("run", "parking", "--seed", "42", "--json", "--set", "procedure.selection.rule=open_call")
    assert a.returncode == b.returncode == 0
    assert a.stdout == b.stdout


def test_english():
    out = cli("run", "parking", "--lang", "en")
    assert out.returncode == 0 and "Procedural audit" in out.stdout and "Art. 6" in out.stdout


@pytest.mark.parametrize(
    "args, zh, en",
    [
        (["run", "parking", "--set", "procedure.rounds.max=many"], "应为整数", "expected an integer"),
        (["run", "parking", "--set", "procedure.roundz.max=3"], "未知字段", "no such field"),
        (["run", "parking", "--set", "procedure.rounds.max"], "路径=值", "path=value"),
        (["run", "parking", "--set", "population.groups.tenant.share=0.5"], "占比之和", "add up to 1"),
        (["run", "no_such_scenario"], "找不到", "no such file"),
        (["run", "parking", "--seed", "abc"], "应为整数", "invalid int value"),
        (["run", "parking", "--json", "--seed"], "需要一个值", "expected one argument"),
        (["frobnicate"], "取值", "invalid choice"),
    ],
)
def test_bad_input_exits_2_without_traceback(capsys, args, zh, en):
    for lang, expected in (("zh", zh), ("en", en)):
        status = main([*args[:1], "--lang", lang, *args[1:]] if args[0] in ("run", "validate") else args + (["--lang", "en"] if lang == "en" else []))
        out = capsys.readouterr()
        assert status == 2
        assert "Traceback" not in out.err and out.out == ""
        assert expected in out.err, out.err


def test_a_trainer_never_sees_a_traceback():
    out = cli("run", "parking", "--set", "procedure.form.mode=zoom")
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "字段 procedure.form.mode：应为以下之一：'offline', 'online', 'hybrid'" in out.stderr


def test_validate_names_file_line_and_field(tmp_path):
    text = (SCENARIOS / "parking.yaml").read_text(encoding="utf-8").replace("notice_days: 7", "notice_days: soon")
    bad = tmp_path / "my_parking.yaml"
    bad.write_text(text, encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "notice_days: soon" in t)
    out = cli("validate", str(SCENARIOS / "parking.yaml"), str(bad))
    assert out.returncode == 2
    assert "✓" in out.stdout
    assert f"my_parking.yaml，第 {line} 行，字段 procedure.form.notice_days：应为整数，实际为 'soon'" in out.stderr


def test_validate_all_shipped():
    out = cli("validate", *(str(SCENARIOS / f"{n}.yaml") for n in SHIPPED))
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("✓") == len(SHIPPED)


def test_list_shows_each_shipped_scenario_on_one_line():
    out = cli("list")
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines] == SHIPPED


def test_schema_writes_the_json_schema(tmp_path):
    out = cli("schema", str(tmp_path / "s.json"))
    assert out.returncode == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == json.loads(
        (SCENARIOS / "scenario.schema.json").read_text(encoding="utf-8")
    )


def test_negative_seed_and_unwritable_schema(capsys, tmp_path):
    assert main(["run", "parking", "--seed", "-1"]) == 2
    assert "非负整数" in capsys.readouterr().err
    assert main(["schema", str(tmp_path / "no" / "such" / "dir.json")]) == 2
    assert "文件夹不存在" in capsys.readouterr().err
    assert main(["schema", str(tmp_path)]) == 2
    assert "这是一个文件夹" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []  # nothing half-written left behind


def test_validate_takes_shipped_names_too(capsys):
    assert main(["validate", "parking", "elevator_retrofit"]) == 0
    assert capsys.readouterr().out.count("✓") == 2


@pytest.mark.parametrize("lang, words, foreign", [("zh", ["用法：", "显示帮助并退出", "随机种子"], "usage"), ("en", ["usage:", "random seed"], "用法")])
def test_help_speaks_the_chosen_language(capsys, lang, words, foreign):
    with pytest.raises(SystemExit) as done:
        main(["run", "--lang", lang, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert all(w in out for w in words) and foreign not in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_run_says_the_table_recommends_and_the_body_decides(capsys, lang):
    """A lift in one stairwell: the owners' assembly votes even on an agreement, and the stairwell's unanimity applies too."""
    assert main(["run", "elevator_retrofit", "--seed", "0", "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert main(["run", "elevator_retrofit", "--seed", "0", "--lang", lang]) == 0
    out = capsys.readouterr().out
    words = {"zh": ("协商会议提出建议，业主大会表决决定", "实施：", "地方规则“全体住户一致同意”"),
             "en": ("The table recommends, the owners' assembly decides", "Implemented:", 'local rule "every household consents"')}
    lesson, implemented, rule = words[lang]
    assert (lesson in out) == (s["vote"] is not None) and implemented in out
    if s["vote"] is not None:  # the rule counts every household of the stairwell
        households = simulator.load(SCENARIOS / "elevator_retrofit.yaml").population.households
        assert rule in out and all(c["tally"]["households"] == households for c in s["vote"]["local_rules"])
    if lang == "en":
        assert not any("\u4e00" <= c <= "\u9fff" for c in out)
