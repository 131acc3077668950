"""The workshop dashboard's logic, without a browser (see test_workshop_page.py for that)."""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from datetime import datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from matplotlib.ticker import PercentFormatter

import simulator
from simulator import workshop
from simulator.workshop import dashboard, exports, handout
from simulator.workshop import page
from simulator.scenario.base import ACTIONS, CONSENSUS_RULES, FORMS, SELECTION_RULES
from simulator.workshop import Dashboard, Design
from simulator.workshop.text import TEXT

from .conftest import SHIPPED

OFFERED = [a for a in ACTIONS if a != "micro_consultation"]  # shipped scenarios say no one meets on their own (procedure.micro)


@pytest.fixture(scope="module")
def board():
    return Dashboard("parking", seeds=4)


def test_every_design_the_controls_allow_is_a_valid_run():
    for selection, form, rule in itertools.product(SELECTION_RULES, FORMS, CONSENSUS_RULES):
        design = Design(selection, form, 5, 2, rule, ("home_visits",))
        summary = simulator.run("parking", 1, design.overrides()).summary
        assert summary["consensus_rule"] == rule


def test_controls_start_from_the_scenario(board):
    p = board.scenario.procedure
    assert board.design == Design(p.selection.rule, p.form.mode, p.form.notice_days, p.rounds.max,
                                  p.consensus.rule, tuple(p.rounds.between))
    assert board.selection.label == "分层随机抽选"


def test_the_page_and_the_command_line_run_the_same_model(board):
    board.selection.value = "open_call"
    board.seed.value = 5
    shown = board.run().summary
    cli = simulator.run("parking", 5, board.design.overrides()).summary
    assert shown == cli
    assert f"<div class='xs-value'>{shown['participants']}</div>" in board.summary.value


def test_changing_the_rule_changes_summary_and_charts(board):
    board.selection.value, board.seed.value = "stratified_random", 0
    board.run()
    before = board.summary.value, board.charts["groups"].value
    board.selection.value = "committee_invitation"
    board.run()
    assert board.summary.value != before[0]
    assert board.charts["groups"].value != before[1] and bytes(board.charts["groups"].value).startswith(b"\x89PNG")


def test_compare_needs_design_a_first():
    board = Dashboard("parking", seeds=2)
    assert board.compare().empty
    assert "方案甲" in board.message.value


def test_compare_runs_both_designs_on_the_same_seeds(board):
    board.actions.value = ()
    board.rounds.value = 1
    kept = board.keep()
    board.actions.value = ("home_visits", "revised_proposal")
    board.rounds.value = 3
    table = board.compare()
    assert table.groupby("design")["seed"].apply(list).to_dict() == {"方案甲": [0, 1, 2, 3], "当前方案": [0, 1, 2, 3]}
    one = simulator.run("parking", 2, kept.overrides()).summary
    row = table[(table.design == "方案甲") & (table.seed == 2)].iloc[0]
    assert row["consensus"] == one["consensus"] and row["person_hours"] == one["person_hours"]
    assert "入户走访、修改方案" in board.comparison_table.value and "<td>无</td>" not in board.comparison_table.value
    assert bytes(board.comparison_chart.value).startswith(b"\x89PNG")


def test_export_writes_images_and_a_one_page_handout(board, tmp_path):
    board.compare()
    files = board.export(tmp_path / "out")
    assert sorted(p.name for p in files) == sorted(
        ["stances.png", "groups.png", "trajectory.png", "vote.png", "compare.png", "handout.html"])
    page = (tmp_path / "out" / "handout.html").read_text(encoding="utf-8")
    assert "<html lang='zh-CN'>" in page and "协商沙盘讲义" in page and "第六条" in page
    assert len(re.findall(r"<img src='data:image/png;base64,", page)) == 2  # self-contained: no links out
    assert "http" not in page
    assert "download='handout.html'" in board.message.value


def test_export_leaves_nothing_half_written(board, tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "keep.txt").write_text("x")
    with pytest.raises(OSError):
        board.export(target)
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_a_button_shows_a_sentence_not_a_traceback(board, tmp_path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("x")
    board.export = lambda: Dashboard.export(board, tmp_path / "taken")
    board.export_button._click_handlers.callbacks.clear()
    board.export_button.on_click(board._safely(board.export))
    board.export_button.click()
    assert "xs-error" in board.message.value and "出错了" in board.message.value
    assert "Traceback" not in board.message.value


def test_english_dashboard():
    board = Dashboard("asset_disposal", lang="en", seeds=2)
    assert "Outcome" in board.summary.value and "Art." not in board.summary.value
    assert board.selection.description == "Who takes part"
    assert board.scenario.procedure.selection.rule == "quota"
    assert board.selection.label == "quota per building or group"  # the scenario's rule, named in English
    assert "<html lang='en'>" in handout.handout(board, "en")


def test_the_served_page_is_a_packaged_notebook_with_only_the_dashboard():
    import nbformat

    nb = nbformat.read(page.page(), as_version=4)
    assert [c.cell_type for c in nb.cells] == ["code"]
    assert "Dashboard(" in nb.cells[0].source
    assert (page.page().parent / "jupyter" / "voila" / "templates" / "xieshang" / "index.html.j2").is_file()


def test_the_workshop_binds_only_to_localhost():
    command = page.voila_command(8899)
    assert "--Voila.ip=127.0.0.1" in command and "--strip_sources=True" in command
    assert "--no-browser" in command


def test_between_round_actions_are_tick_boxes_that_can_all_be_cleared():
    board = Dashboard("parking", seeds=2)
    assert isinstance(board.actions, dashboard.Checkboxes)  # no Ctrl-click needed
    board.actions.boxes["expert_assessment"].value = True
    assert "expert_assessment" in board.design.actions
    board.actions.value = ()
    assert board.design.actions == ()
    assert "procedure.rounds.between=[]" in board.design.overrides()
    board.run()
    with pytest.raises(ValueError):
        board.actions.value = ("no_such_action",)


def test_the_handout_describes_what_was_compared_and_run_not_what_the_controls_show_now(tmp_path):
    board = Dashboard("parking", seeds=2)
    board.selection.value, board.seed.value = "open_call", 3
    board.run()
    board.keep()
    board.rounds.value = 1
    board.compare()  # runs the current design too: the cards describe what was compared
    compared = board.design.describe()
    board.selection.value, board.rounds.value, board.seed.value = "committee_invitation", 5, 9  # not run
    page = handout.handout(board, "zh")
    assert compared in page and "两委邀请" not in page
    assert f"单次运行：{html.escape(compared)}；随机种子 3" in page
    assert "随机种子 0–1" in page and "<td>方案内容</td>" in page and "指标" not in page


def test_a_run_clears_an_earlier_message_and_english_lists_files_in_english(tmp_path):
    board = Dashboard("parking", lang="en", seeds=2)
    board.export(tmp_path / "out")
    assert "stances.png, groups.png" in board.message.value and "、" not in board.message.value
    board.run()
    assert board.message.value == ""


# --- the vote: the table recommends, the body the law names decides ----------------------------

_HAN = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


def _text(markup: str) -> str:
    """What a reader sees of some HTML."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _voted_board(scenario: str, lang: str = "zh") -> Dashboard:
    """A dashboard whose run (seed 0, 1, ...) went to a vote."""
    board = Dashboard(scenario, lang=lang, seeds=2)
    for seed in range(30):
        board.seed.value = seed
        if board.run().summary["vote"] is not None:
            return board
    raise AssertionError(f"{scenario}: no run in 30 seeds went to a vote")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_vote_tab_shows_the_table_the_matter_the_body_the_statute_and_the_local_rule(lang):
    from simulator.law import BODIES, MATTER_TABLE

    board = _voted_board("elevator_retrofit", lang)
    s, decision = board.result.summary, board.result.model.vote
    tab = board.tabs.children[board.tabs.titles.index(dashboard.TEXT["tab_vote"](lang))]
    assert list(tab.children) == [board.vote, board.charts["vote"]]  # the lesson above the vote's chart
    shown = _text(board.vote.value)
    lesson = {"zh": "协商会议提出建议，法定机构表决决定", "en": "The table recommends; the body the law names decides"}[lang]
    assert lesson in shown
    assert dashboard.TEXT["consensus_yes" if s["consensus"] else "consensus_no"](lang) in shown
    matter = MATTER_TABLE[s["vote"]["matter"]]
    assert matter.reserved and matter.name(lang) in shown and matter.law(lang) in shown
    assert matter.required_bodies(lang) in shown and BODIES[decision.body].name(lang) in shown
    t = s["vote"]["tally"]
    tally = {"zh": f"同意 {t['yes']}，反对 {t['no']}，弃权 {t['abstain']}，未参加 {t['absent']}",
             "en": f"yes {t['yes']}, no {t['no']}, abstain {t['abstain']}, absent {t['absent']}"}[lang]
    assert tally in shown
    (rule,) = s["vote"]["local_rules"]
    consent = {"zh": "{consent}/{households} 户同意", "en": "{consent} of {households} households consent"}[lang]
    assert consent.format(**rule["tally"]) in shown
    rows = re.findall(r"<tr class='([^']*)'><td>([^<]*)</td><td>([^<]*)</td>", board.vote.value)
    local = [r for r in rows if r[1].startswith(("地方规则", "Local rule"))]
    assert len(local) == 1 and local[0][0] == ("xs-pass" if rule["met"] else "xs-fail")
    statute = next(r for r in rows if r[1].startswith(("法定表决", "Statutory vote")))
    assert statute[0] == ("xs-pass" if s["vote"]["statute_met"] else "xs-fail")
    verdict = next(r for r in rows if r[1] in ("表决结果", "Result of the vote"))
    assert verdict[2] == dashboard.TEXT["passed" if s["vote"]["passed"] else "failed"](lang)
    if lang == "en":
        assert not _HAN.search(shown), _HAN.findall(shown)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_vote_tab_shows_each_village_with_its_tally(lang):
    board = _voted_board("cross_village_road", lang)
    villages = board.result.summary["vote"]["villages"]
    shown = _text(board.vote.value)
    names = [v.name(lang) for v in board.scenario.population.villages]
    assert len(villages) == len(names) == 2
    for name, v in zip(names, villages):
        row = re.search(rf"<td>{re.escape(html.escape(name))}[：:][^<]*</td><td>([^<]*)</td><td>([^<]*)</td>", board.vote.value)
        assert row, name
        assert row[1] == dashboard.TEXT["passed" if v["passed"] else "failed"](lang)
        t = v["tally"]
        assert (f"同意 {t['yes']}，反对 {t['no']}" if lang == "zh" else f"yes {t['yes']}, no {t['no']}") in row[2]
    rule = {"zh": "各村均须通过", "en": "every village must pass"}[lang]
    assert rule in shown
    if lang == "en":
        assert not _HAN.search(shown)


def test_a_matter_the_table_may_settle_needs_no_vote():
    board = Dashboard("parking", seeds=2)  # the time-share agreement with the nearby unit
    for seed in range(30):
        board.seed.value = seed
        s = board.run().summary
        if s["decision"] is not None and s["vote"] is None:
            break
    else:
        raise AssertionError("no agreement in 30 seeds")
    shown = _text(board.vote.value)
    assert "协商议定事项" in shown and "协商会议可以议定，无需表决" in shown and "法定表决" not in shown


def _cards(markup: str) -> dict[str, str]:
    return {html.unescape(k): html.unescape(v) for k, v in
            re.findall(r"<div class='xs-label'>([^<]*)</div><div class='xs-value'>([^<]*)</div>", markup)}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cards_say_whether_it_was_implemented_and_who_must_change(lang):
    result = next(r for seed in range(30)
                  if (r := simulator.run("dog_walking", seed, lang=lang)).summary["compliance_of_those_who_change"] is not None)
    s = result.summary
    cards = _cards(handout.summary_html(result, lang))
    t = dashboard.TEXT
    names = {g.id: g.name(lang) for g in result.model.spec.population.groups}
    blocked = ("、" if lang == "zh" else ", ").join(names[g] for g in s["blocked_by"])
    assert cards[t["implemented"](lang)] == (t["implemented_yes"](lang) if s["implemented"] else
                                             t["implemented_no"](lang, groups=blocked))
    option = next(o for o in result.model.spec.issue.options if o.id == s["decision"])
    change = cards[t["change"](lang)]
    assert change.startswith(f"{s['compliance_of_those_who_change']:.0%}")
    assert all(names[g] in change for g in option.pays)
    if lang == "en":
        assert not _HAN.search("".join(cards) + "".join(cards.values()))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_cards_name_the_groups_that_blocked_the_decision(lang):
    result = next(r for seed in range(30) if (r := simulator.run("parking", seed, lang=lang)).summary["decision"])
    groups = [g.id for g in result.model.spec.population.groups][:2]
    result.summary.update(implemented=False, blocked_by=groups)  # as after two groups obstructed the works
    cards = _cards(handout.summary_html(result, lang))
    shown = cards[dashboard.TEXT["implemented"](lang)]
    names = [g.name(lang) for g in result.model.spec.population.groups][:2]
    assert shown == dashboard.TEXT["implemented_no"](lang, groups=("、" if lang == "zh" else ", ").join(names))
    assert not any(g in shown for g in groups)  # names, not ids


@pytest.mark.parametrize("scenario", ["parking", "asset_disposal", "elevator_retrofit", "cross_village_road"])
def test_the_cards_show_no_bare_decimals(scenario):
    for seed in range(3):
        result = simulator.run(scenario, seed)
        shown = _text(handout.summary_html(result, "zh"))
        assert not re.search(r"\d\.\d", shown), shown
        gap = result.summary["representation_gap"]
        assert f"{gap:.0%}" == _cards(handout.summary_html(result, "zh"))[dashboard.TEXT["gap"]("zh")]


def test_the_handout_prints_the_legal_result_not_the_whole_reason(tmp_path):
    board = _voted_board("elevator_retrofit")
    s = board.result.summary
    page = handout.handout(board, "zh")
    verdict = _text(re.search(r"<p class='xs-verdict'>(.*?)</p>", page)[1])
    t, (rule,) = s["vote"]["tally"], s["vote"]["local_rules"]
    assert verdict.startswith("协商会议提出建议，法定机构表决决定")
    assert f"同意 {t['yes']}，反对 {t['no']}，弃权 {t['abstain']}，未参加 {t['absent']}" in verdict
    assert f"{rule['tally']['consent']}/{rule['tally']['households']} 户同意" in verdict
    assert ("：通过。" if s["vote"]["passed"] else "：未通过。") in verdict
    assert "须≥" not in page and "《民法典》第二百七十八条（业主大会" not in page  # not the whole written reason


# --- what a trainer sees: every setting works, cards and comparison agree, shares in percent ---

#: The review's setting: an open call with a day's notice in a 30-household stairwell, where in some
#: seeds no household comes (only organisations), so no representation gap can be computed.
REPORTED = {"selection": "open_call", "form": "offline", "notice": 1, "rounds": 2, "consensus": "no_strong_objection",
            "actions": ("township_mediation",), "seed": 11}
CONTROLS = st.fixed_dictionaries({
    "selection": st.sampled_from(SELECTION_RULES), "form": st.sampled_from(FORMS), "notice": st.integers(0, 30),
    "rounds": st.integers(1, 6), "consensus": st.sampled_from(CONSENSUS_RULES),
    "actions": st.sets(st.sampled_from(OFFERED)).map(lambda chosen: tuple(a for a in OFFERED if a in chosen)),
    "seed": st.integers(0, 20)})
_BOARDS: dict[str, Dashboard] = {}


def _board_for(scenario: str) -> Dashboard:
    if scenario not in _BOARDS:
        _BOARDS[scenario] = Dashboard(scenario, seeds=2)
    return _BOARDS[scenario]


def _set(board: Dashboard, controls: dict) -> None:
    """Set the controls as a trainer would."""
    for name, value in controls.items():
        getattr(board, name).value = value


def _readable(markup: str) -> str:
    return _text(re.sub(r"<style>.*?</style>", "", markup, flags=re.S))


@settings(max_examples=12, deadline=None, database=None)
@example(scenario="elevator_retrofit", controls=REPORTED, seeds=12)
@given(scenario=st.sampled_from(SHIPPED), controls=CONTROLS, seeds=st.integers(1, 3))
def test_every_setting_of_the_controls_runs_compares_and_prints_without_an_error(scenario, controls, seeds):
    board = _board_for(scenario)
    board.keep()  # design A: whatever the last example left
    _set(board, controls)
    board.compare_seeds.value = seeds
    board.run_button.click()
    assert "xs-error" not in board.message.value, board.message.value
    board.compare_button.click()
    assert "xs-error" not in board.message.value, board.message.value
    shown = {"cards": _readable(board.summary.value), "comparison": _readable(board.comparison_table.value),
             "handout": _readable(handout.handout(board, "zh"))}
    for where, text in shown.items():
        assert not re.search(r"None|nan|NaN|\d\.\d", text), (where, text)
    gaps = board.comparison["representation_gap"]
    if gaps.isna().any():  # a measure with no value says why, on the cards and in the comparison
        assert "没有住户参与" in shown["comparison"]
    if board.result.summary["representation_gap"] is None:
        assert _cards(board.summary.value)[TEXT["gap"]("zh")] == "无法计算（没有住户参与）"


def test_a_stairwell_where_no_household_comes_shows_why_there_is_no_gap():
    design = Design(*(REPORTED[k] for k in ("selection", "form", "notice", "rounds", "consensus", "actions")))
    empty = [seed for seed in range(40) if simulator.run("elevator_retrofit", seed, design.overrides()).summary["representation_gap"] is None]
    assert empty, "no seed in 40 where no household came"
    board = Dashboard("elevator_retrofit", seeds=2)
    board.keep()
    _set(board, {**REPORTED, "seed": empty[0]})
    board.compare_seeds.value = max(empty) + 1  # the comparison holds them all
    board.compare_button.click()
    assert "xs-error" not in board.message.value, board.message.value
    assert _cards(board.summary.value)[TEXT["gap"]("zh")] == "无法计算（没有住户参与）"
    row = re.search(r"<tr><td>代表性差距</td><td>[^<]*</td><td>([^<]*)</td>", board.comparison_table.value)[1]
    assert f"另有 {len(empty)} 次无法计算：没有住户参与" in html.unescape(row) or row == "无法计算（没有住户参与）"


def test_compare_shows_the_current_design_on_the_cards_too():
    board = Dashboard("parking", seeds=2)
    board.keep()
    board.selection.value, board.seed.value = "open_call", 4
    board.compare_button.click()
    expected = simulator.run("parking", 4, board.design.overrides()).summary
    assert board.ran == (board.design, 4) and board.result.summary == expected
    assert f"<div class='xs-value'>{expected['participants']}</div>" in board.summary.value
    assert html.escape(board.design.describe()) in board.run_label.value


def test_the_cards_say_when_the_controls_show_another_design():
    board = Dashboard("parking", seeds=2)
    hidden = lambda: board.stale.layout.display == "none"  # noqa: E731
    assert hidden() and "xs-stale-cards" not in board.summary._dom_classes
    board.form.value = "online"
    assert not hidden() and "xs-stale-cards" in board.summary._dom_classes
    board.form.value = board.ran[0].form  # back as it was run
    assert hidden()
    board.actions.boxes["expert_assessment"].value = not board.actions.boxes["expert_assessment"].value
    board.seed.value = 3
    assert not hidden()
    board.run_button.click()
    assert hidden() and "xs-stale-cards" not in board.summary._dom_classes


def _rows(markup: str) -> dict[str, list[str]]:
    """A table's rows: first cell -> the other cells, as read."""
    return {html.unescape(cells[0]): [html.unescape(c) for c in cells[1:]]
            for cells in (re.findall(r"<td>([^<]*)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", markup)) if cells}


def test_the_comparison_shows_which_option_each_design_adopts_and_support_across_all_households():
    board = Dashboard("parking", seeds=8)
    board.keep()
    board.selection.value = "open_call"
    board.compare()
    rows = _rows(board.comparison_table.value)
    names = board.scenario.option_names("zh")
    for i, design in enumerate(board.compared.values()):
        runs = [simulator.run("parking", seed, design.overrides()).summary for seed in range(8)]
        counts = Counter(s["decision"] for s in runs)
        adopted = rows["采纳的方案（8 次运行）"][i]
        for option, n in counts.items():
            assert f"{names[option] if option else '没有决定'} {n} 次" in adopted
        decided = [s["support_population"] for s in runs if s["decision"]]
        support = rows[TEXT["support"]("zh")][i]
        assert support.startswith(f"{sum(decided) / len(decided):.0%}")
        assert ("没有采纳任何方案" in support) == (len(decided) < len(runs))
    assert "全体住户" in TEXT["support"]("zh")


def test_the_comparison_chart_is_hidden_until_it_has_a_picture():
    board = Dashboard("parking", seeds=2)
    assert board.comparison_chart.layout.display == "none" and not board.comparison_chart.value
    board.keep()
    board.compare()
    assert board.comparison_chart.layout.display in (None, "")
    assert bytes(board.comparison_chart.value).startswith(b"\x89PNG")
    assert board.tabs.selected_index == board.tabs.titles.index(TEXT["tab_compare"]("zh"))


def test_every_share_in_the_comparison_chart_is_a_percentage():
    board = Dashboard("parking", seeds=3)
    board.keep()
    board.selection.value = "open_call"
    board.compare()
    axes = board.figures["compare"].axes
    titles = [ax.get_title().replace("\n", "") for ax in axes]
    assert TEXT["gap"]("zh") in titles and TEXT["support"]("zh") in titles
    for ax, title in zip(axes, titles):
        assert isinstance(ax.xaxis.get_major_formatter(), PercentFormatter) == (title != TEXT["hours"]("zh")), title


def test_the_elderly_figures_and_the_chart_count_the_same_households():
    board = Dashboard("parking", seeds=2)
    s = board.result.summary
    assert "全体住户" in TEXT["elderly"]("zh")  # the card names its base
    card = _cards(board.summary.value)[TEXT["elderly"]("zh")]
    assert card == f"{s['elderly_voice_share']:.0%}（{s['elderly_population_share']:.0%}）"
    ax = board.figures["groups"].axes[0]
    assert ax.get_xticklabels()[-1].get_text().replace("\n", "") == "有60岁以上成员的住户（各群体合计）"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["占全体住户", "占到场住户", "占住户发言"]
    population, _, voice = (bars.patches[-1].get_height() for bars in ax.containers)
    assert (population, voice) == (s["elderly_population_share"], s["elderly_voice_share"])
    elderly_group = s["groups"]["elderly_owner"]["population_share"]
    assert elderly_group < population  # the group "elderly owners" is not all households with someone aged 60+


def test_exports_go_to_a_folder_of_their_own_in_the_users_home_and_say_where(tmp_path, monkeypatch):
    monkeypatch.delenv("XIESHANG_EXPORT_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")  # the folder the page was started from: not where files go
    board = Dashboard("parking", seeds=2)
    (folder,) = {f.parent for f in board.export()}
    assert folder.parent == tmp_path / "home" / "xieshang-exports" and not any((tmp_path / "work").iterdir())
    assert TEXT["exported"]("zh", folder=folder) in html.unescape(board.message.value)
    monkeypatch.setenv("XIESHANG_EXPORT_DIR", str(tmp_path / "chosen"))
    assert board.export()[0].parent.parent == tmp_path / "chosen"


def test_two_exports_in_the_same_second_get_folders_of_their_own(tmp_path, monkeypatch):
    class SameSecond(datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 5, 1, 9, 30, 0)

    monkeypatch.setattr(exports, "datetime", SameSecond)
    monkeypatch.setenv("XIESHANG_EXPORT_DIR", str(tmp_path))
    board = Dashboard("parking", seeds=2)
    first = board.export()
    second = board.export()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["xieshang-20260501-093000", "xieshang-20260501-093000-2"]
    assert first[0].parent != second[0].parent and all(f.stat().st_size for f in first + second)


def test_the_page_accepts_bounded_numbers_whatever_its_client_sends(tmp_path, monkeypatch):
    """A client can change a widget's bounds as well as its value: the dashboard keeps its own."""
    monkeypatch.setenv("XIESHANG_EXPORT_DIR", str(tmp_path))
    board = Dashboard("parking", seeds=2)
    board.keep()
    board.compare_seeds.set_state({"max": 100_000, "value": 201})  # as a message from the page would
    board.compare_button.click()
    assert "xs-error" in board.message.value and "1–200" in board.message.value and board.comparison is None
    board.notice.set_state({"max": 10**6, "value": 10**6})
    board.run_button.click()
    assert "xs-error" in board.message.value and "0–30" in board.message.value and board.ran[0].notice != 10**6
    board.notice.value = 7
    board.max_exports = 2
    for _ in range(3):
        board.export_button.click()
    assert len(list(tmp_path.iterdir())) == 2 and "已导出 2 次，达到上限" in board.message.value
