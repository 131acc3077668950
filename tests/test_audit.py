"""The procedural audit: every check can fail, and each cites its article."""

from __future__ import annotations

import numpy as np
import pytest

import simulator


def audit(scenario, *overrides, seed=1, lang="zh"):
    return simulator.run(scenario, seed, list(overrides), lang=lang).summary["audit"]


def failed(checks):
    return {(c["article"], c["requirement"]) for c in checks if not c["passed"]}


def test_good_practice_passes_everything(parking):
    assert failed(audit(parking)) == set()


def test_offline_required_but_held_online():
    s = simulator.load(simulator.shipped()["asset_disposal"])
    bad = failed(audit(s, "procedure.form.mode=hybrid"))
    assert ("第六条", "法律法规政策明确要求线下协商的，采取线下方式") in bad


def test_short_notice_fails_art_7_2(parking):
    assert ("第七条第（二）项", "提前向协商主体通报相关信息") in failed(audit(parking, "procedure.form.notice_days=1"))


def test_unpublished_result_fails_art_7_4(parking):
    assert ("第七条第（四）项", "及时公开协商结果") in failed(audit(parking, "procedure.publication.channels=[]"))


def test_no_explanation_fails_art_8(parking):
    bad = failed(audit(parking, "procedure.implementation.explain_to_dissenters=false"))
    assert any(article == "第八条" for article, _ in bad)


def test_five_haves_art_11(parking):
    bad = failed(audit(parking, "procedure.record=false", "procedure.form.venue=false"))
    detail = next(c["detail"] for c in audit(parking, "procedure.record=false", "procedure.form.venue=false") if c["article"] == "第十一条")
    assert any(article == "第十一条" for article, _ in bad)
    assert "有场所" in detail and "有记录" in detail


def test_absent_group_fails_art_5(parking):
    checks = audit(parking, "procedure.selection.rule=committee_invitation", "procedure.selection.size=3",
                   "procedure.selection.affected_minorities=false")
    art5 = next(c for c in checks if c["article"] == "第五条")
    assert not art5["passed"] and "缺席群体" in art5["detail"]


def test_technical_matter_needs_experts():
    s = simulator.load(simulator.shipped()["elevator_retrofit"])
    assert s.issue.technical
    ok = [c for c in audit(s) if "专家" in c["requirement"]]
    assert ok and ok[0]["passed"]
    experts = [o.id for o in s.population.organisations if o.kind == "expert"]
    without = audit(s, f"procedure.selection.mandatory={[m for m in s.procedure.selection.mandatory if m not in experts]}",
                    f"procedure.rounds.between={[a for a in s.procedure.rounds.between if a != 'expert_assessment']}")
    assert not next(c for c in without if "专家" in c["requirement"])["passed"]


def test_english_articles(parking):
    checks = audit(parking, "procedure.form.notice_days=0", lang="en")
    assert {c["article"] for c in checks} >= {"Art. 5", "Art. 6", "Art. 7(2)", "Art. 7(4)", "Art. 8", "Art. 11"}
    assert all(c["requirement"].isascii() and c["detail"].isascii() for c in checks)


# --- each threshold of the audit: exactly at the line, just below and just above ----------------


def the_check(checks, article):
    found = [c for c in checks if c["article"] == article]
    assert len(found) == 1, (article, checks)
    return found[0]


@pytest.mark.parametrize(
    "required, passed",
    [(3, True), (4, False), (2, True)],
    ids=["notice-at-the-minimum", "notice-below-it", "notice-above-it"],
)
def test_art_7_2_notice_of_exactly_the_minimum_passes(parking, required, passed):
    checks = audit(parking, "procedure.form.notice_days=3", f"norms.min_notice_days={required}", lang="en")
    art = the_check(checks, "Art. 7(2)")
    assert art["passed"] is passed
    assert art["detail"] == f"3 days (at least {required} required)"


# Escalation after two rounds, with no large dispute possible (it would need everyone to object strongly).
TWO_ROUNDS = ["procedure.consensus.rule=unanimity", "procedure.rounds.max=2",
              "procedure.rounds.escalation=after_max_rounds", "procedure.rounds.dispute_threshold=1.0"]


@pytest.mark.parametrize(
    "minimum, passed",
    [(2, True), (3, False), (1, True)],
    ids=["rounds-at-the-minimum", "rounds-below-it", "rounds-above-it"],
)
def test_art_7_3_escalating_after_exactly_the_minimum_rounds_passes(parking, minimum, passed):
    r = simulator.run(parking, 1, [*TWO_ROUNDS, f"norms.min_rounds_before_escalation={minimum}"], lang="en")
    m = r.model
    assert m.escalated and m.round == 2 and m.last_check.strong_objection < 1.0
    art = the_check(r.summary["audit"], "Art. 7(3)")
    assert art["passed"] is passed
    assert art["detail"] == "escalated after 2 round(s)"  # no large dispute


# Escalation after one round, one fewer than the norms ask: only a large dispute justifies it.
ONE_ROUND = ["procedure.consensus.rule=unanimity", "procedure.rounds.max=1",
             "procedure.rounds.escalation=after_max_rounds", "norms.min_rounds_before_escalation=2"]


@pytest.fixture(scope="module")
def first_round_objection(parking) -> float:
    m = simulator.run(parking, 1, ONE_ROUND).model
    assert m.escalated and m.round == 1
    share = m.last_check.strong_objection
    assert 0 < share < 1
    return share


@pytest.mark.parametrize(
    "side, large",
    [("at", True), ("below", False), ("above", True)],
    ids=["objection-at-the-threshold", "objection-below-it", "objection-above-it"],
)
def test_art_7_3_a_strong_objection_share_exactly_at_the_dispute_threshold_is_large(parking, first_round_objection, side, large):
    share = first_round_objection
    # the threshold only moves the line: with after_max_rounds it does not change the run
    threshold = {"at": share, "below": np.nextafter(share, 1), "above": np.nextafter(share, 0)}[side]
    r = simulator.run(parking, 1, [*ONE_ROUND, f"procedure.rounds.dispute_threshold={float(threshold)!r}"], lang="en")
    assert r.model.spec.procedure.rounds.dispute_threshold == threshold
    assert r.model.round == 1 and r.model.last_check.strong_objection == share
    art = the_check(r.summary["audit"], "Art. 7(3)")
    assert art["passed"] is large
    assert art["detail"] == "escalated after 1 round(s)" + (" (large dispute)" if large else "")


# --- each check's logic, case by case (the survivors of the baseline mutation run) -------------


def _elevator(*overrides):
    s = simulator.load(simulator.shipped()["elevator_retrofit"])
    experts = [o.id for o in s.population.organisations if o.kind == "expert"]
    assert experts and "expert_assessment" in s.procedure.rounds.between
    without_experts = f"procedure.selection.mandatory={[m for m in s.procedure.selection.mandatory if m not in experts]}"
    without_assessment = f"procedure.rounds.between={[a for a in s.procedure.rounds.between if a != 'expert_assessment']}"
    chosen = {"no_experts": without_experts, "no_assessment": without_assessment}
    return audit(s, *(chosen[o] for o in overrides), seed=2, lang="en")


@pytest.mark.parametrize("without, passed", [((), True), (("no_experts",), True), (("no_assessment",), True),
                                             (("no_experts", "no_assessment"), False)])
def test_experts_at_the_table_or_an_assessment_is_enough(without, passed):
    check = next(c for c in _elevator(*without) if c["requirement"] == "experts assess technical matters")
    assert check["passed"] is passed
    assert ("experts at the table: yes" in check["detail"]) == ("no_experts" not in without)


def test_no_art_7_3_check_without_an_escalation_or_for_a_vote_the_law_requires():
    parking = simulator.run("parking", 1, lang="en").summary
    assert parking["consensus"] and not parking["escalated"]
    assert not any(c["article"] == "Art. 7(3)" for c in parking["audit"])
    required = simulator.run("asset_disposal", 0, lang="en").summary  # consensus, then the vote the law requires
    assert required["consensus"] and required["escalated"]
    assert not any(c["article"] == "Art. 7(3)" for c in required["audit"])


@pytest.mark.parametrize("overrides, lacking", [
    ((), "none"),
    (("procedure.form.venue=false",), "place"),
    (("procedure.form.venue=false", "procedure.form.mode=online"), "none"),  # an online meeting needs no room
    (("procedure.rules_of_procedure.max_turns=null", "procedure.rules_of_procedure.neutral_chair=false"), "rules"),
    (("procedure.rules_of_procedure.max_turns=null",), "none"),  # a neutral chair is a rule of procedure
    (("procedure.record=false",), "record"),
    (("procedure.consensus.rule=unanimity", "procedure.rounds.escalation=never"), "result"),
])
def test_each_of_the_five_haves(parking, overrides, lacking):
    check = the_check(audit(parking, *overrides, seed=3, lang="en"), "Art. 11")
    assert check["detail"] == f"missing: {lacking}"
    assert check["passed"] is (lacking == "none")


def test_the_township_is_reported_to_when_it_mediated(parking):
    plain = audit(parking, seed=3, lang="en")
    assert not any(c["requirement"] == "results involving the township are reported to it" for c in plain)
    mediated = audit(parking, "procedure.rounds.between=[township_mediation]", "procedure.rounds.max=2",
                     "procedure.consensus.rule=unanimity", seed=3, lang="en")
    report = next(c for c in mediated if c["requirement"] == "results involving the township are reported to it")
    assert report["passed"] and report["detail"] == "reported"


@pytest.mark.parametrize("convener, passed", [("township", True), ("two_committees", False)])
def test_art_10_the_township_leads_a_matter_spanning_villages(convener, passed):
    check = the_check(audit("cross_village_road", f"procedure.convener={convener}", seed=0, lang="en"), "Art. 10")
    assert check["passed"] is passed
    assert check["detail"].startswith("spans 2 units; convener: ")
