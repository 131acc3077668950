"""One meeting: attendance, speaking, stance updates and the consensus rules."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.consultation import deliberation
from simulator.scenario.procedure import Consensus, Form, RulesOfProcedure
from simulator.consultation.stakeholders import Stakeholders


@pytest.mark.parametrize(
    "rule, utilities, reached",
    [
        ("unanimity", [0.6, 0.7, 0.5], True),
        ("unanimity", [0.6, 0.7, 0.49], False),
        ("no_strong_objection", [0.3, 0.3, 0.9], True),
        ("no_strong_objection", [0.19, 0.9, 0.9], False),
        ("supermajority", [0.6, 0.6, 0.6, 0.1], True),
        ("supermajority", [0.6, 0.6, 0.1, 0.1], False),
    ],
)
def test_consensus_rules(rule, utilities, reached):
    c = deliberation.check(np.array(utilities), Consensus(rule=rule, q=0.75, accept=0.5, objection=0.2))
    assert c.reached is reached


def test_no_participants_no_consensus():
    assert not deliberation.check(np.array([]), Consensus()).reached


# --- each threshold of the consensus check: exactly at the line, just below and just above ---------

ACCEPT, OBJECTION = 0.5, 0.25  # exactly representable
BELOW, ABOVE = np.nextafter(ACCEPT, 0), np.nextafter(ACCEPT, 1)
STRONG_BELOW, STRONG_ABOVE = np.nextafter(OBJECTION, 0), np.nextafter(OBJECTION, 1)


def rule(name: str, q: float = 0.75) -> Consensus:
    return Consensus(rule=name, q=q, accept=ACCEPT, objection=OBJECTION)


def shares(n: int, k: int, low: float, high: float = 0.9) -> np.ndarray:
    """n utilities, k of them ``low`` and the rest ``high``: shares are exactly k/n."""
    return np.array([low] * k + [high] * (n - k))


@pytest.mark.parametrize(
    "u, acceptance",
    [(ACCEPT, 1.0), (BELOW, 0.75), (ABOVE, 1.0)],
    ids=["at", "below", "above"],
)
def test_utility_exactly_at_accept_can_live_with_it(u, acceptance):
    c = deliberation.check(shares(4, 1, u), rule("unanimity"))
    assert c.acceptance == acceptance
    assert c.reached is (acceptance == 1.0)


@pytest.mark.parametrize(
    "u, strong",
    [(OBJECTION, 0.0), (STRONG_BELOW, 0.25), (STRONG_ABOVE, 0.0)],
    ids=["at", "below", "above"],
)
def test_utility_exactly_at_objection_is_not_a_strong_objection(u, strong):
    c = deliberation.check(shares(4, 1, u), rule("no_strong_objection"))
    assert c.strong_objection == strong
    assert c.reached is (strong == 0.0)


@pytest.mark.parametrize("n", [4, 1000])
def test_unanimity_means_everyone(n):
    everyone = deliberation.check(shares(n, 0, BELOW), rule("unanimity"))
    assert everyone.acceptance == 1.0 and everyone.reached
    all_but_one = deliberation.check(shares(n, 1, BELOW), rule("unanimity"))  # acceptance 0.75 or 0.999
    assert all_but_one.acceptance == (n - 1) / n and not all_but_one.reached


@pytest.mark.parametrize("n", [4, 1000])
def test_no_strong_objection_means_not_one(n):
    none = deliberation.check(shares(n, 0, STRONG_BELOW), rule("no_strong_objection"))
    assert none.strong_objection == 0.0 and none.reached
    one = deliberation.check(shares(n, 1, STRONG_BELOW), rule("no_strong_objection"))  # 0.25 or 0.001
    assert one.strong_objection == 1 / n and not one.reached


@pytest.mark.parametrize(
    "q, n, accepting, reached",
    [
        (0.75, 4, 3, True), (0.75, 4, 2, False), (0.75, 4, 4, True),  # 3/4 at q, 2/4 below, 4/4 above
        (0.75, 100, 75, True), (0.75, 100, 74, False), (0.75, 100, 76, True),
        (1.0, 4, 4, True), (1.0, 4, 3, False),
        (0.5 + 2**-10, 1024, 513, True), (0.5 + 2**-10, 1024, 512, False),  # the smallest step above a half
    ],
)
def test_supermajority_at_below_and_above_q(q, n, accepting, reached):
    c = deliberation.check(shares(n, n - accepting, BELOW, high=ACCEPT), rule("supermajority", q))
    assert c.acceptance == accepting / n
    assert c.reached is reached


def test_propose_only_tabled_options():
    u = np.array([[0.9, 0.1, 0.8], [0.9, 0.2, 0.7]])
    assert deliberation.propose(u, np.array([True, True, True]), Consensus()) == 0
    assert deliberation.propose(u, np.array([False, True, True]), Consensus()) == 2


def test_online_without_digital_access_keeps_people_out(parking):
    people = Stakeholders.generate(parking, np.random.default_rng(0))
    online = deliberation.attendance_chance(people, Form(mode="online"))
    offline = deliberation.attendance_chance(people, Form(mode="offline"))
    hh = people.is_household
    cut_off = hh & ~people.digital
    assert online[cut_off].mean() < 0.1 < offline[cut_off].mean()
    hybrid = deliberation.attendance_chance(people, Form(mode="hybrid"))
    assert np.all(hybrid >= np.maximum(online, offline) - 1e-12)


def test_notice_raises_attendance(parking):
    people = Stakeholders.generate(parking, np.random.default_rng(0))
    short = deliberation.attendance_chance(people, Form(notice_days=0))
    long = deliberation.attendance_chance(people, Form(notice_days=10))
    assert np.all(long[people.is_household] > short[people.is_household])


def test_offline_channel_gives_written_views(parking):
    people = Stakeholders.generate(parking, np.random.default_rng(0))
    invited = np.arange(people.households)
    rng = np.random.default_rng(1)
    _, written = deliberation.attend(people, invited, Form(mode="online", offline_channel=True), rng)
    _, none = deliberation.attend(people, invited, Form(mode="online", offline_channel=False), rng)
    assert len(written) > 0 and len(none) == 0
    assert (~people.digital[written] | people.elderly[written] | people.disability[written]).all()


def test_rules_of_procedure_cap_turns(parking):
    people = Stakeholders.generate(parking, np.random.default_rng(0))
    attendees = np.arange(200)
    capped = deliberation.speak(people, attendees, Form(), RulesOfProcedure(max_turns=1, neutral_chair=False), np.random.default_rng(2))
    free = deliberation.speak(people, attendees, Form(), RulesOfProcedure(max_turns=None, neutral_chair=False), np.random.default_rng(2))
    assert capped.max() <= 1 < free.max()


@pytest.mark.parametrize("rule", ["friedkin_johnsen", "degroot", "deffuant", "hegselmann_krause"])
def test_meeting_narrows_the_spread(parking, rule):
    from simulator.scenario.schema import Dynamics

    people = Stakeholders.generate(parking, np.random.default_rng(0))
    attendees = np.arange(0, 300)
    before = people.utility[attendees].std(axis=0).mean()
    turns = np.ones(len(attendees), dtype=int)
    deliberation.update(people, attendees, turns, Dynamics(rule=rule, confidence=0.5), RulesOfProcedure(), np.random.default_rng(3))
    after = people.utility[attendees].std(axis=0).mean()
    assert after < before
    assert people.heard_other_side[attendees].any()
    assert np.all((people.utility >= 0) & (people.utility <= 1))


def test_researchers_can_register_their_own_rule(parking):
    import simulator

    seen = []

    def frozen(meeting):  # nobody moves
        seen.append(len(meeting.heard))
        return meeting.stances

    deliberation.register_rule("frozen_for_test", frozen)
    try:
        r = simulator.run(parking, 1, ["dynamics.rule=frozen_for_test"])
        assert seen and seen[0] > 1
        st = r.stances
        first = st[st["round"] == 0]["utility"].to_numpy()
        after = st[st["round"] == 1]["utility"].to_numpy()
        assert np.array_equal(first, after)  # the first meeting changed nothing
    finally:
        deliberation.unregister_rule("frozen_for_test")
    with pytest.raises(simulator.ScenarioError, match="frozen_for_test"):
        simulator.run(parking, 1, ["dynamics.rule=frozen_for_test"])


@pytest.mark.parametrize("name", ["friedkin_johnsen", "degroot"])
def test_meeting_rules_equal_the_canonical_models(name):
    from simulator import dynamics
    from simulator.scenario.schema import Dynamics

    rng = np.random.default_rng(9)
    n, k = 40, 3
    m = deliberation.Meeting(
        stances=rng.random((n, k)), anchors=rng.random((n, k)), heard=rng.dirichlet(np.ones(n)),
        openness=rng.random(n), trust=rng.random(n), exchanges=4, dynamics=Dynamics(), rng=rng,
    )
    if name == "friedkin_johnsen":
        W = np.tile(m.heard, (n, 1))
        expected = dynamics.friedkin_johnsen(m.stances, W, m.openness * m.trust, x0=m.anchors, steps=4)
    else:
        W = m.openness[:, None] * m.heard[None, :] + np.diag(1 - m.openness)
        expected = dynamics.degroot(m.stances, W, steps=4)
    assert np.allclose(deliberation.UPDATE_RULES[name](m), expected, atol=1e-12)


def test_a_rule_name_is_not_taken_over_by_accident():
    builtin = deliberation.UPDATE_RULES["degroot"]
    with pytest.raises(ValueError, match="degroot"):
        deliberation.register_rule("degroot", lambda meeting: meeting.stances)
    assert deliberation.UPDATE_RULES["degroot"] is builtin
    deliberation.register_rule("degroot", builtin, replace=True)  # on purpose, it may
    assert deliberation.UPDATE_RULES["degroot"] is builtin


def test_every_kind_of_need_can_give_a_written_view(parking):
    people = Stakeholders.generate(parking, np.random.default_rng(0))
    invited = np.arange(people.households)
    _, written = deliberation.attend(people, invited, Form(mode="online", offline_channel=True), np.random.default_rng(1))
    no_phone_only = ~people.digital & ~people.elderly & ~people.disability
    elderly_with_phone = people.digital & people.elderly
    assert no_phone_only[written].any() and elderly_with_phone[written].any()


def test_the_chair_brings_in_everyone_who_would_stay_quiet(parking):
    from simulator.scenario.behaviour import Speaking

    people = Stakeholders.generate(parking, np.random.default_rng(0))
    attendees = np.arange(300)
    chaired = RulesOfProcedure(max_turns=None, neutral_chair=True)
    always = deliberation.speak(people, attendees, Form(), chaired, np.random.default_rng(2), Speaking(chair_invites=1.0))
    never = deliberation.speak(people, attendees, Form(), chaired, np.random.default_rng(2), Speaking(chair_invites=0.0))
    assert (never == 0).any() and (always >= 1).all()
    assert np.array_equal(always[never > 0], never[never > 0])  # the chair only adds a turn to the silent


def test_online_the_elderly_and_those_without_a_phone_are_held_back(parking):
    from simulator.scenario.behaviour import Speaking

    people = Stakeholders.generate(parking, np.random.default_rng(0))
    attendees = np.arange(people.households)
    free = RulesOfProcedure(max_turns=None, neutral_chair=False)
    turns = deliberation.speak(people, attendees, Form(mode="online"), free, np.random.default_rng(2), Speaking(online_hard=0.0))
    hard = people.elderly[attendees] | ~people.digital[attendees]
    assert (people.elderly & people.digital)[attendees].any() and (~people.elderly & ~people.digital)[attendees].any()
    assert (turns[hard] == 0).all() and (turns[~hard] > 0).any()


def test_who_heard_the_other_side(parking):
    from simulator.scenario.schema import Dynamics

    people = Stakeholders.generate(parking, np.random.default_rng(0))
    att = np.array([0, 1, 2, 3])
    people.utility[att] = [[0.9, 0.6, 0.6, 0.6],   # speaks, for option 0
                           [0.2, 0.9, 0.6, 0.6],   # cannot accept option 0: hears the other side
                           [0.8, 0.1, 0.6, 0.6],   # accepts option 0: nothing new
                           [0.8, 0.6, 0.6, 0.6]]   # accepts option 0, but heard the other side before
    people.heard_other_side[:] = False
    people.heard_other_side[3] = True
    deliberation.update(people, att, np.array([2, 0, 0, 0]), Dynamics(rule="degroot"), RulesOfProcedure(), np.random.default_rng(0))
    assert people.heard_other_side[att].tolist() == [False, True, False, True]
