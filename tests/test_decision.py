"""Tests for simulator.law: the formal decision bodies and their thresholds.

Three layers:

1. Unit tests at and around every legal threshold (shared/domain/decision-rules.md).
2. Property tests (hypothesis) against an independent reference implementation
   written here with ``fractions.Fraction`` (the oracle), plus monotonicity and
   permutation invariance.
3. Malformed input: always a ``ValueError`` (``BilingualError``), never a result.

Which monotonicity properties hold (checked below):

* Changing any one voter (for the owners' assembly: one owner, i.e. all of
  that owner's units) from ``no``, ``abstain`` or ``absent`` to ``yes`` never
  turns a passed decision into a failed one, and never loses a met quorum, for
  every body and matter. (``absent -> yes`` raises attendance, but the yes share
  of those present cannot fall: (y+1)/(p+1) >= y/p as y <= p, and likewise
  (Y+a)/(P+a) >= Y/P for floor area.)
* ``absent -> no`` (or ``absent -> abstain``) is NOT monotone for bodies that
  count "of those present": it can sink a passing vote (a larger denominator)
  and it can also rescue a failing one (it completes the quorum). For the
  bodies that count yes votes "of ALL members" it changes nothing: there the
  result depends on the number of yes votes alone.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import FrozenInstanceError
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.law import BODIES, MATTERS, Decision, decide, threshold_for
from simulator.i18n import BilingualError

VOTES = ("yes", "no", "abstain", "absent")
BODY_IDS = (
    "owners_assembly",
    "residents_meeting",
    "villagers_meeting",
    "villager_representatives_meeting",
    "collective_members_meeting",
    "collective_representatives_meeting",
)
# bodies/matters whose decision counts yes votes of ALL members
OF_ALL = {
    ("villagers_meeting", "major"),
    ("villager_representatives_meeting", "major"),
    ("collective_members_meeting", "ordinary"),
    ("collective_members_meeting", "major"),
    ("collective_representatives_meeting", "ordinary"),
}

SETTINGS = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS_LIGHT = settings(SETTINGS, max_examples=100)
SETTINGS_ERRORS = settings(SETTINGS, max_examples=60)


def frame(votes, area=None, owner=None, household=None) -> pd.DataFrame:
    data: dict = {"vote": list(votes)}
    if area is not None:
        data["area"] = area if not np.isscalar(area) else [float(area)] * len(votes)
    if owner is not None:
        data["owner"] = list(owner)
    if household is not None:
        data["household"] = list(household)
    return pd.DataFrame(data)


def counts(yes=0, no=0, abstain=0, absent=0) -> list[str]:
    return ["yes"] * yes + ["no"] * no + ["abstain"] * abstain + ["absent"] * absent


# ---------------------------------------------------------------------------
# The oracle: a plain reading of the rules, with Fractions
# ---------------------------------------------------------------------------


def area_value(x: float) -> Fraction:
    """The area a float stands for: the decimal with at most 6 places that
    rounds to it (below 2**50 / 10**6), else the float's exact binary value."""
    q = round(Fraction(x) * 10**6)
    if q < 2**50 and float(Fraction(q, 10**6)) == x:
        return Fraction(q, 10**6)
    return Fraction(x)


def oracle(body, matter, votes, areas=None, owners=None, households=None) -> tuple[bool, bool]:
    """(quorum_met, passed), straight from decision-rules.md."""
    n = len(votes)
    present = sum(1 for v in votes if v != "absent")
    yes = sum(1 for v in votes if v == "yes")
    half, two_thirds, three_quarters = Fraction(1, 2), Fraction(2, 3), Fraction(3, 4)

    if body == "owners_assembly":
        if owners is None:
            owners = list(range(n))
        vote_of_owner = {}
        for v, o in zip(votes, owners):
            vote_of_owner[o] = v  # the generators keep each owner's units consistent
        heads = len(vote_of_owner)
        heads_present = sum(1 for v in vote_of_owner.values() if v != "absent")
        heads_yes = sum(1 for v in vote_of_owner.values() if v == "yes")
        total_area = sum((area_value(a) for a in areas), Fraction(0))
        present_area = sum((area_value(a) for a, v in zip(areas, votes) if v != "absent"), Fraction(0))
        yes_area = sum((area_value(a) for a, v in zip(areas, votes) if v == "yes"), Fraction(0))
        quorum = present_area / total_area >= two_thirds and Fraction(heads_present, heads) >= two_thirds
        if not quorum:
            return False, False
        if matter == "major":
            ok = yes_area / present_area >= three_quarters and Fraction(heads_yes, heads_present) >= three_quarters
        else:
            ok = yes_area / present_area > half and Fraction(heads_yes, heads_present) > half
        return True, ok

    if body == "residents_meeting":
        quorum = Fraction(present, n) > half
        return quorum, quorum and Fraction(yes, present) > half

    if body == "villagers_meeting":
        quorum = Fraction(present, n) > half
        if households is not None:
            all_households = set(households)
            represented = {h for h, v in zip(households, votes) if v != "absent"}
            quorum = quorum or Fraction(len(represented), len(all_households)) >= two_thirds
        if matter == "major":
            return quorum, quorum and Fraction(yes, n) >= two_thirds
        return quorum, quorum and Fraction(yes, present) > half

    if body == "villager_representatives_meeting":
        quorum = Fraction(present, n) >= two_thirds
        if matter == "major":
            return quorum, quorum and Fraction(yes, n) >= two_thirds
        return quorum, quorum and Fraction(yes, present) > half

    if body == "collective_members_meeting":
        quorum = Fraction(present, n) >= two_thirds
        return quorum, quorum and Fraction(yes, n) >= two_thirds

    if body == "collective_representatives_meeting":
        constituted = n > 20
        if not constituted:
            return False, False
        return True, Fraction(yes, n) >= two_thirds  # reserved matters go to the members' meeting

    raise AssertionError(body)


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

AREAS = st.one_of(
    st.sampled_from([0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.5, 1.0, 1.5, 2.0, 3.0, 60.0, 89.37, 120.55]),
    st.floats(min_value=1e-3, max_value=1e4, allow_nan=False, allow_infinity=False),
    st.floats(min_value=5e-324, max_value=1e300, allow_nan=False, allow_infinity=False),
)


SEEDS = st.integers(0, 2**32 - 1)


def near(x: Fraction, lo: int, hi: int) -> list[int]:
    """The integer at (or just above) x first, then its neighbours, clipped to [lo, hi]."""
    c = math.ceil(x)
    return [k for k in (c, c - 1, c + 1, c - 2) if lo <= k <= hi]


@st.composite
def vote_lists(draw, min_size=1, max_size=40):
    """Votes with counts drawn directly. Half of the time the counts are put at
    or next to a legal threshold (1/2, 2/3, 3/4 of those present or of all),
    with sizes divisible by 12 or next to them, so exact ties are tested often.
    The order comes from a drawn seed (cheaper for hypothesis than a permutation)."""
    if draw(st.booleans()):
        n = 12 * draw(st.integers(1, 3)) + draw(st.sampled_from([0, 1, -1, 2]))
        n = min(max(n, min_size), max_size)
        present = draw(st.sampled_from(near(Fraction(2 * n, 3), 0, n) + near(Fraction(n, 2), 0, n)))
        k_yes = draw(st.sampled_from(
            near(Fraction(present, 2), 0, present) + near(Fraction(3 * present, 4), 0, present)
            + near(Fraction(2 * n, 3), 0, present)))
        k_absent = n - present
    else:
        n = draw(st.integers(min_size, max_size))
        k_yes = draw(st.integers(0, n))
        k_absent = draw(st.integers(0, n - k_yes))
    k_no = draw(st.integers(0, n - k_yes - k_absent))
    votes = counts(k_yes, k_no, n - k_yes - k_absent - k_no, k_absent)
    random.Random(draw(SEEDS)).shuffle(votes)
    return votes


@st.composite
def electorates(draw):
    """kwargs for frame/oracle: votes and areas, optionally owners (holding
    one or more units, voting consistently) and households. One electorate is
    put to every body and matter, so each example tests all twelve rules."""
    rng = random.Random(draw(SEEDS))
    if draw(st.booleans()):
        owner_votes = draw(vote_lists(1, 30))
        k = len(owner_votes)
        # every owner holds at least one unit, some hold several
        owner_of = list(range(k)) + [rng.randrange(k) for _ in range(draw(st.integers(0, 12)))]
        rng.shuffle(owner_of)
        votes = [owner_votes[o] for o in owner_of]
        owners = [f"o{o}" for o in owner_of]
    else:
        votes, owners = draw(vote_lists()), None
    # a small pool of areas, reused: ties make exact boundaries likely
    pool = draw(st.lists(AREAS, min_size=1, max_size=4))
    areas = [rng.choice(pool) for _ in votes]
    households = None
    if draw(st.booleans()):
        n_households = draw(st.integers(1, len(votes)))
        households = [rng.randrange(n_households) for _ in votes]
    return dict(votes=votes, areas=areas, owners=owners, households=households)


COMBOS = [(body, matter) for body in BODY_IDS for matter in MATTERS]


def oracle_kw(body, matter, kw):
    return oracle(body, matter, kw["votes"], kw["areas"], kw["owners"], kw["households"])


def to_frame(kw) -> pd.DataFrame:
    return frame(kw["votes"], area=kw.get("areas"), owner=kw.get("owners"), household=kw.get("households"))


# ---------------------------------------------------------------------------
# Registry
# ---------------------------------------------------------------------------


def test_bodies_registry():
    assert tuple(BODIES) == BODY_IDS
    assert MATTERS == ("ordinary", "major")
    assert [b for b in BODIES if BODIES[b].weights_area] == ["owners_assembly"]
    assert BODIES["villagers_meeting"].notice_days == 10
    assert BODIES["collective_members_meeting"].notice_days == 10
    for b in ("owners_assembly", "residents_meeting", "villager_representatives_meeting",
              "collective_representatives_meeting"):
        assert BODIES[b].notice_days is None
    assert BODIES["owners_assembly"].name.zh == "业主大会"
    assert BODIES["owners_assembly"].name.en == "owners' assembly"
    assert "第二百七十八条" in BODIES["owners_assembly"].law.zh
    assert "278" in BODIES["owners_assembly"].law.en
    for body in BODIES.values():
        assert body.name.zh and body.name.en and body.law.zh and body.law.en
    with pytest.raises(TypeError):
        BODIES["x"] = BODIES["owners_assembly"]  # read-only mapping


def test_threshold_descriptions():
    t = threshold_for("owners_assembly", "major")
    assert "第二百七十八条" in t.text("zh") and "四分之三" in t.text("zh")
    assert "art. 278" in t.text("en") and "3/4" in t.text("en")
    assert str(t) == t.text.zh
    assert threshold_for("collective_representatives_meeting", "ordinary").size_more_than == 20
    assert threshold_for("collective_representatives_meeting", "ordinary").quorum == ()
    assert len(threshold_for("villagers_meeting", "ordinary", with_households=True).quorum) == 2
    with pytest.raises(ValueError):
        threshold_for("owners_assembly", "urgent")


# ---------------------------------------------------------------------------
# Owners' assembly (Civil Code art. 278)
# ---------------------------------------------------------------------------


class TestOwnersAssembly:
    def test_quorum_exactly_two_thirds(self):
        d = decide("owners_assembly", "ordinary", frame(counts(yes=6, absent=3), area=1.0))
        assert d.quorum_met and d.passed
        d = decide("owners_assembly", "ordinary", frame(counts(yes=5, absent=4), area=1.0))
        assert not d.quorum_met and not d.passed
        assert "未达到法定人数" in d.reason.zh and "no quorum" in d.reason.en

    def test_quorum_needs_area_and_heads(self):
        # heads 6/9 but area 6/36
        d = decide("owners_assembly", "ordinary", frame(counts(yes=6, absent=3), area=[1.0] * 6 + [10.0] * 3))
        assert not d.quorum_met and not d.passed
        # area 300/306 but heads 3/9
        d = decide("owners_assembly", "ordinary", frame(counts(yes=3, absent=6), area=[100.0] * 3 + [1.0] * 6))
        assert not d.quorum_met and not d.passed

    def test_abstentions_take_part(self):
        d = decide("owners_assembly", "ordinary", frame(counts(yes=4, abstain=2, absent=3), area=1.0))
        assert d.quorum_met and d.passed  # 6/9 take part, 4/6 yes
        d = decide("owners_assembly", "ordinary", frame(counts(yes=3, abstain=3, absent=3), area=1.0))
        assert d.quorum_met and not d.passed  # 3/6 is not more than half

    def test_major_three_quarters_exactly(self):
        assert decide("owners_assembly", "major", frame(counts(yes=6, no=2), area=1.0)).passed
        assert not decide("owners_assembly", "major", frame(counts(yes=5, no=3), area=1.0)).passed
        # area exactly 3/4 but heads 2/4
        d = decide("owners_assembly", "major", frame(counts(yes=2, no=2), area=[3.0, 3.0, 1.0, 1.0]))
        assert d.quorum_met and not d.passed
        # heads 3/4 and area 3/4 exactly, decimal areas
        d = decide("owners_assembly", "major", frame(counts(yes=3, no=1), area=[0.1, 0.2, 0.3, 0.2]))
        assert d.passed

    def test_ordinary_exactly_half_fails(self):
        assert not decide("owners_assembly", "ordinary", frame(counts(yes=4, no=4), area=1.0)).passed
        assert decide("owners_assembly", "ordinary", frame(counts(yes=5, no=4), area=1.0)).passed
        # heads 3/5 but area exactly 3/6
        d = decide("owners_assembly", "ordinary", frame(counts(yes=3, no=2), area=[1.0, 1.0, 1.0, 1.5, 1.5]))
        assert d.quorum_met and not d.passed

    def test_decimal_areas_exact_at_the_boundary(self):
        # 0.1+0.1+0.3+0.1 = 0.6 of 0.9: exactly 2/3 (naive float sums say less)
        areas = [0.1, 0.1, 0.3, 0.1, 0.2, 0.1]
        assert not 3 * sum(areas[:4]) >= 2 * sum(areas)  # the float trap
        d = decide("owners_assembly", "ordinary", frame(counts(yes=4, absent=2), area=areas))
        assert d.quorum_met and d.passed
        assert d.tally["area_total"] == pytest.approx(0.9)

    def test_several_units_of_one_owner_count_as_one_head(self):
        # owner A (3 small units) votes no; B, C, D vote yes
        votes = ["no", "no", "no", "yes", "yes", "yes"]
        areas = [0.5, 0.5, 0.5, 1.0, 1.0, 1.0]
        owners = ["A", "A", "A", "B", "C", "D"]
        d = decide("owners_assembly", "ordinary", frame(votes, area=areas, owner=owners))
        assert d.passed
        assert d.tally["heads_entitled"] == 4 and d.tally["heads_yes"] == 3 and d.tally["heads_no"] == 1
        assert d.tally["entitled"] == 6  # units
        assert "第九条" in d.reason.zh and "art. 9" in d.reason.en
        # counted per unit instead, heads are 3/6: exactly half fails
        assert not decide("owners_assembly", "ordinary", frame(votes, area=areas)).passed

    def test_owner_dedupe_in_quorum(self):
        # owner A holds 4 units and takes part; B, C absent: 1/3 heads
        votes = counts(yes=4, absent=2)
        d = decide("owners_assembly", "ordinary", frame(votes, area=1.0, owner=list("AAAABC")))
        assert not d.quorum_met
        assert d.tally["heads_present"] == 1 and d.tally["heads_entitled"] == 3

    def test_inconsistent_owner_votes(self):
        df = frame(["yes", "no", "yes"], area=1.0, owner=["X", "X", "Y"])
        with pytest.raises(BilingualError) as exc:
            decide("owners_assembly", "ordinary", df)
        assert "X" in exc.value.zh and "X" in exc.value.en
        df = frame(["yes", "absent"], area=1.0, owner=[7, 7])
        with pytest.raises(ValueError):
            decide("owners_assembly", "major", df)

    def test_missing_owner_id(self):
        df = frame(["yes", "no"], area=1.0, owner=["X", None])
        with pytest.raises(ValueError, match="owner"):
            decide("owners_assembly", "ordinary", df)

    def test_tally_and_reason(self):
        d = decide("owners_assembly", "major", frame(counts(yes=6, no=1, abstain=1, absent=2), area=10.0))
        t = d.tally
        assert (t["yes"], t["no"], t["abstain"], t["absent"], t["entitled"], t["present"]) == (6, 1, 1, 2, 10, 8)
        assert t["area_total"] == 100.0 and t["area_present"] == 80.0 and t["area_yes"] == 60.0
        assert t["area_absent"] == 20.0
        assert d.passed  # 6/8 = 3/4
        assert d.reason.zh.startswith("《民法典》第二百七十八条")
        assert d.reason.en.startswith("Civil Code art. 278")
        assert "80.00%" in d.reason.zh and "75.00%" in d.reason.zh and "8/10" in d.reason.zh
        assert "80.00%" in d.reason.en and "6/8" in d.reason.en

    def test_area_other_bodies_ignored(self):
        # area is only read by the owners' assembly
        df = frame(counts(yes=3, no=1), area=[float("nan"), -1.0, 0.0, 1.0])
        assert decide("residents_meeting", "ordinary", df).passed


# ---------------------------------------------------------------------------
# Residents' meeting (art. 9)
# ---------------------------------------------------------------------------


class TestResidentsMeeting:
    @pytest.mark.parametrize("matter", MATTERS)
    def test_thresholds(self, matter):
        assert not decide("residents_meeting", matter, frame(counts(yes=5, absent=5))).quorum_met  # exactly half
        d = decide("residents_meeting", matter, frame(counts(yes=4, no=2, absent=4)))
        assert d.quorum_met and d.passed
        d = decide("residents_meeting", matter, frame(counts(yes=3, no=3, absent=4)))
        assert d.quorum_met and not d.passed  # exactly half of those present

    def test_major_cites_art_10(self):
        d = decide("residents_meeting", "major", frame(counts(yes=6, absent=4)))
        assert "第九条" in d.reason.zh and "第十条" in d.reason.zh
        assert "art. 9" in d.reason.en and "art. 10" in d.reason.en

    def test_absent_to_no_is_not_monotone(self):
        # passing vote sunk by two more attendees voting no
        assert decide("residents_meeting", "ordinary", frame(counts(yes=4, no=2, absent=4))).passed
        assert not decide("residents_meeting", "ordinary", frame(counts(yes=4, no=4, absent=2))).passed
        # failing vote (no quorum) rescued by an attendee voting no
        assert not decide("residents_meeting", "ordinary", frame(counts(yes=5, absent=5))).passed
        assert decide("residents_meeting", "ordinary", frame(counts(yes=5, no=1, absent=4))).passed


# ---------------------------------------------------------------------------
# Villagers' meeting (art. 22) and representatives' meeting (art. 26)
# ---------------------------------------------------------------------------


class TestVillagersMeeting:
    def test_quorum_more_than_half(self):
        assert not decide("villagers_meeting", "ordinary", frame(counts(yes=5, absent=5))).quorum_met
        d = decide("villagers_meeting", "ordinary", frame(counts(yes=4, no=2, absent=4)))
        assert d.quorum_met and d.passed
        assert not decide("villagers_meeting", "ordinary", frame(counts(yes=3, no=3, absent=4))).passed

    def test_household_alternative_quorum(self):
        households = [0, 0, 1, 1, 2, 2, 3, 3, 4, 5]
        votes = ["absent"] * 10
        for i in (0, 2, 4, 6):  # one member each of households 0-3: 4/6 = 2/3
            votes[i] = "yes"
        votes[1] = "no"  # a second member of household 0 adds no household
        d = decide("villagers_meeting", "ordinary", frame(votes, household=households))
        assert d.quorum_met and d.passed  # heads 5/10 only
        assert d.tally["households"] == 6 and d.tally["households_present"] == 4
        assert "户" in d.reason.zh and "households" in d.reason.en
        # without the household column, 5/10 is no quorum
        assert not decide("villagers_meeting", "ordinary", frame(votes)).quorum_met
        votes[6] = "absent"  # 3/6 households, 4/10 heads
        assert not decide("villagers_meeting", "ordinary", frame(votes, household=households)).quorum_met

    def test_household_ids_must_be_present(self):
        with pytest.raises(ValueError, match="household"):
            decide("villagers_meeting", "ordinary", frame(["yes", "no"], household=[1, None]))

    def test_major_needs_two_thirds_of_all(self):
        assert decide("villagers_meeting", "major", frame(counts(yes=7, no=3))).passed
        d = decide("villagers_meeting", "major", frame(counts(yes=6, absent=4)))
        assert d.quorum_met and not d.passed  # 6/6 present but 6/10 of all
        assert decide("villagers_meeting", "major", frame(counts(yes=6, absent=3))).passed  # 6/9 exactly
        for cite in ("第二十二条", "《农村土地承包法》第十九条", "第二十八条", "第五十二条", "《土地管理法》第六十三条"):
            assert cite in d.reason.zh
        for cite in ("art. 22", "arts. 19, 28 and 52", "Land Administration Law art. 63"):
            assert cite in d.reason.en


class TestVillagerRepresentatives:
    def test_quorum_two_thirds(self):
        d = decide("villager_representatives_meeting", "ordinary", frame(counts(yes=4, no=2, absent=3)))
        assert d.quorum_met and d.passed
        assert not decide("villager_representatives_meeting", "ordinary", frame(counts(yes=4, no=1, absent=4))).quorum_met

    def test_ordinary_more_than_half_present(self):
        assert not decide("villager_representatives_meeting", "ordinary", frame(counts(yes=3, no=3, absent=3))).passed

    def test_major_two_thirds_of_all(self):
        assert decide("villager_representatives_meeting", "major", frame(counts(yes=6, absent=3))).passed
        d = decide("villager_representatives_meeting", "major", frame(counts(yes=5, no=1, absent=3)))
        assert d.quorum_met and not d.passed
        assert "第二十六条" in d.reason.zh and "art. 26" in d.reason.en
        assert "第六十三条" in d.reason.zh and "art. 63" in d.reason.en


# ---------------------------------------------------------------------------
# Collective economic organisation (arts. 27, 28)
# ---------------------------------------------------------------------------


class TestCollectiveMembersMeeting:
    @pytest.mark.parametrize("matter", MATTERS)
    def test_two_thirds_of_all_members(self, matter):
        d = decide("collective_members_meeting", matter, frame(counts(yes=8, absent=4)))
        assert d.quorum_met and d.passed  # 8/12 exactly
        # 7 of 9 present say yes (> 2/3 of those present) but 7/12 of all
        d = decide("collective_members_meeting", matter, frame(counts(yes=7, no=2, absent=3)))
        assert d.quorum_met and not d.passed
        assert "较难" in d.reason.zh and "hard to reach" in d.reason.en
        assert "第二十七条" in d.reason.zh and "art. 27" in d.reason.en
        assert not decide("collective_members_meeting", matter, frame(counts(yes=7, absent=5))).quorum_met


class TestCollectiveRepresentatives:
    def test_needs_more_than_twenty(self):
        d = decide("collective_representatives_meeting", "ordinary", frame(counts(yes=20)))
        assert not d.passed and not d.quorum_met
        assert "二十" in d.reason.zh and "第二十八条" in d.reason.zh
        assert "more than 20" in d.reason.en and "art. 28" in d.reason.en
        assert decide("collective_representatives_meeting", "ordinary", frame(counts(yes=21))).passed

    def test_two_thirds_of_all_representatives_and_no_invented_quorum(self):
        d = decide("collective_representatives_meeting", "ordinary", frame(counts(yes=14, absent=7)))
        assert d.quorum_met and d.passed  # 14/21 exactly; no attendance quorum in the law
        assert not decide("collective_representatives_meeting", "ordinary", frame(counts(yes=13, no=8))).passed

    def test_major_matter_decided_by_two_thirds_of_all_naming_the_reserved_ones(self):
        d = decide("collective_representatives_meeting", "major", frame(counts(yes=30)))
        assert d.passed and d.quorum_met
        assert not decide("collective_representatives_meeting", "major", frame(counts(yes=20, absent=11))).passed
        assert "第二十八条" in d.reason.zh and "保留给成员大会" in d.reason.zh
        assert "art. 28" in d.reason.en and "reserved to the members' meeting" in d.reason.en


# ---------------------------------------------------------------------------
# Result object, reasons, explanation
# ---------------------------------------------------------------------------

CITES = {
    "owners_assembly": ("第二百七十八条", "art. 278"),
    "residents_meeting": ("第九条", "art. 9"),
    "villagers_meeting": ("第二十二条", "art. 22"),
    "villager_representatives_meeting": ("第二十六条", "art. 26"),
    "collective_members_meeting": ("第二十七条", "art. 27"),
    "collective_representatives_meeting": ("第二十八条", "art. 28"),
}


@pytest.mark.parametrize("body", BODY_IDS)
@pytest.mark.parametrize("matter", MATTERS)
def test_reason_cites_article_and_explain(body, matter):
    d = decide(body, matter, frame(counts(yes=18, no=2, abstain=1, absent=3), area=2.5))
    zh, en = CITES[body]
    assert zh in d.reason.zh and en in d.reason.en
    assert isinstance(d, Decision) and d.body == body and d.matter == matter
    assert d.threshold is not None and d.threshold.text.zh and d.threshold.text.en
    assert BODIES[body].name.zh in d.explain() and BODIES[body].name.en in d.explain("en")
    assert ("结果：通过" in d.reason.zh) == d.passed
    assert ("Result: passed" in d.reason.en) == d.passed
    with pytest.raises(ValueError):
        d.explain("fr")
    with pytest.raises(FrozenInstanceError):
        d.passed = not d.passed  # type: ignore[misc]
    plain = d.as_dict()
    assert plain["passed"] == d.passed and plain["tally"] == d.tally


def test_failed_quorum_never_passes_even_with_all_yes_present():
    for body in BODY_IDS:
        d = decide(body, "ordinary", frame(counts(yes=1, absent=29), area=1.0))
        assert not d.passed
        # the collective representatives' meeting has no attendance quorum in the law
        assert d.quorum_met == (body == "collective_representatives_meeting")


@pytest.mark.parametrize("body", BODY_IDS)
def test_input_not_mutated_and_dtypes_accepted(body):
    df = frame(counts(yes=16, no=3, abstain=1, absent=2), area=3.0, owner=[f"u{i}" for i in range(22)],
               household=[i // 2 for i in range(22)])
    before = df.copy(deep=True)
    d1 = decide(body, "ordinary", df)
    pd.testing.assert_frame_equal(df, before)
    # categorical and object vote columns, nullable float areas give the same result
    for variant in (
        df.astype({"vote": "category"}),
        df.astype({"vote": object}),
        df.astype({"area": "Float64"}),
        df.set_index(pd.Index([f"r{i}" for i in range(22)])),
    ):
        d2 = decide(body, "ordinary", variant)
        assert (d2.passed, d2.quorum_met, d2.tally) == (d1.passed, d1.quorum_met, d1.tally)


def test_exhaustive_small_electorates_match_oracle():
    """Every vote-count combination up to 4 voters, every body and matter
    (the property tests below cover larger electorates)."""
    for n in range(1, 5):
        for y in range(n + 1):
            for a in range(n - y + 1):
                for no in range(n - y - a + 1):
                    votes = counts(yes=y, no=no, abstain=n - y - a - no, absent=a)
                    areas = [1.0] * n
                    df = frame(votes, area=areas)
                    for body, matter in COMBOS:
                        d = decide(body, matter, df)
                        assert (d.quorum_met, d.passed) == oracle(body, matter, votes, areas), (body, matter, votes)


def test_large_electorate_is_fast():
    rng = np.random.default_rng(1)
    n = 50_000
    owner = rng.integers(0, 40_000, n)
    owner_vote = rng.choice(np.array(VOTES), 40_000, p=[0.55, 0.15, 0.05, 0.25])
    df = pd.DataFrame({"vote": owner_vote[owner], "area": np.round(rng.uniform(30, 200, n), 2),
                       "owner": owner, "household": owner // 3})
    for body in BODY_IDS:
        decide(body, "major", df)  # warm up
        t = time.perf_counter()
        d = decide(body, "major", df)
        assert time.perf_counter() - t < 0.25, body
        assert d.tally["entitled"] == n


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------


@SETTINGS
@given(electorates())
def test_matches_oracle(kw):
    df = to_frame(kw)
    votes = kw["votes"]
    for body, matter in COMBOS:
        d = decide(body, matter, df)
        assert (d.quorum_met, d.passed) == oracle_kw(body, matter, kw), (body, matter)
        for v in VOTES:
            assert d.tally[v] == votes.count(v)
        assert d.tally["entitled"] == len(votes)
        assert d.tally["present"] == len(votes) - votes.count("absent")
        assert d.passed <= d.quorum_met


@SETTINGS_LIGHT
@given(st.sampled_from(BODY_IDS), electorates(), st.data())
def test_changing_a_vote_to_yes_is_monotone(body, kw, data):
    votes = kw["votes"]
    candidates = [i for i, v in enumerate(votes) if v != "yes"]
    if not candidates:
        return
    i = data.draw(st.sampled_from(candidates))
    new = list(votes)
    owners = kw["owners"]
    for j in range(len(new)):
        # all units of the same owner change together (one owner, one vote)
        if j == i or (owners is not None and owners[j] == owners[i]):
            new[j] = "yes"
    df_before, df_after = to_frame(kw), to_frame({**kw, "votes": new})
    for matter in MATTERS:
        before, after = decide(body, matter, df_before), decide(body, matter, df_after)
        assert after.passed or not before.passed, matter
        assert after.quorum_met or not before.quorum_met, matter


@SETTINGS_LIGHT
@given(st.sampled_from(sorted(OF_ALL)), electorates())
def test_of_all_rules_depend_on_yes_count_only(combo, kw):
    body, matter = combo
    votes = kw["votes"]
    n, yes = len(votes), votes.count("yes")
    d = decide(body, matter, to_frame(kw))
    expected = 3 * yes >= 2 * n and (body != "collective_representatives_meeting" or n > 20)
    assert d.passed == expected
    # so turning absentees into no votes changes nothing
    no_shows = to_frame({**kw, "votes": ["no" if v == "absent" else v for v in votes]})
    assert decide(body, matter, no_shows).passed == d.passed


@SETTINGS_LIGHT
@given(st.lists(st.integers(1, 99_999), min_size=2, max_size=30).map(lambda c: c[: len(c) // 2 * 2]), st.data())
def test_owners_area_exactly_two_thirds_is_a_quorum(cents, data):
    """Register areas in cents: the absent units hold exactly half the area of
    those taking part (heads 2k of 3k). Exactly 2/3 must be a quorum, one cent
    more absent area must not: float sums get such ties wrong."""
    present = [c / 100 for c in cents]
    absent_cents2 = [cents[i] + cents[i + 1] for i in range(0, len(cents), 2)]  # in half-cents
    absent = [float(Fraction(c, 200)) for c in absent_cents2]
    votes = ["yes"] * len(present) + ["absent"] * len(absent)
    order = list(range(len(votes)))
    random.Random(data.draw(SEEDS)).shuffle(order)
    areas = present + absent
    df = frame([votes[i] for i in order], area=[areas[i] for i in order])
    assert decide("owners_assembly", "major", df).quorum_met
    j = data.draw(st.integers(0, len(absent) - 1))
    bigger = list(absent)
    bigger[j] = float(Fraction(absent_cents2[j] + 2, 200))  # one cent more
    df = frame(votes, area=present + bigger)
    assert not decide("owners_assembly", "major", df).quorum_met


@SETTINGS_LIGHT
@given(st.sampled_from(BODY_IDS), electorates(), st.data())
def test_permutation_invariance(body, kw, data):
    df = to_frame(kw)
    perm = list(range(len(df)))
    random.Random(data.draw(SEEDS)).shuffle(perm)
    shuffled = df.iloc[perm]
    if data.draw(st.booleans()):
        shuffled = shuffled.reset_index(drop=True)
    for matter in MATTERS:
        d1, d2 = decide(body, matter, df), decide(body, matter, shuffled)
        assert (d2.passed, d2.quorum_met, d2.tally, d2.reason.zh, d2.reason.en) == (
            d1.passed, d1.quorum_met, d1.tally, d1.reason.zh, d1.reason.en)


# ---------------------------------------------------------------------------
# Malformed input
# ---------------------------------------------------------------------------

BAD_VOTES = st.one_of(
    st.text(max_size=8).filter(lambda s: s not in VOTES),
    st.sampled_from(["YES", "Yes", " yes", "yes ", "y", "是", "同意", "", "absent\n", "None"]),
    st.integers(),
    st.floats(allow_nan=True),
    st.none(),
    st.booleans(),
)
BAD_AREAS = st.one_of(
    st.sampled_from([math.nan, math.inf, -math.inf, 0.0, -0.0, -1.0]),
    st.floats(max_value=0.0),
    st.none(),
)


@SETTINGS_ERRORS
@given(st.sampled_from(COMBOS), electorates(), BAD_VOTES, st.data())
def test_bad_vote_values_raise(combo, kw, bad, data):
    df = to_frame(kw)
    pos = data.draw(st.integers(0, len(df) - 1))
    votes = df["vote"].astype(object).tolist()
    votes[pos] = bad
    df = df.assign(vote=pd.Series(votes, index=df.index, dtype=object))
    with pytest.raises(ValueError) as exc:
        decide(*combo, df)
    assert isinstance(exc.value, BilingualError)
    assert f"row {pos}" in exc.value.en and f"第 {pos} 行" in exc.value.zh


@SETTINGS_ERRORS
@given(st.sampled_from(MATTERS), electorates(), BAD_AREAS, st.data())
def test_bad_areas_raise(matter, kw, bad, data):
    areas = list(kw["areas"])
    pos = data.draw(st.integers(0, len(areas) - 1))
    areas[pos] = bad
    with pytest.raises(ValueError) as exc:
        decide("owners_assembly", matter, to_frame({**kw, "areas": areas}))
    assert "area" in exc.value.en and f"row {pos}" in exc.value.en


@SETTINGS_ERRORS
@given(st.sampled_from(COMBOS), electorates(), st.sampled_from(["vote", "area"]))
def test_missing_columns_raise(combo, kw, column):
    body, matter = combo
    df = to_frame(kw).drop(columns=column)
    if column == "area" and body != "owners_assembly":
        decide(body, matter, df)  # only the owners' assembly needs area
        return
    with pytest.raises(ValueError, match=column):
        decide(body, matter, df)


@SETTINGS_ERRORS
@given(st.text(max_size=12).filter(lambda s: s not in BODIES), st.text(max_size=12).filter(lambda s: s not in MATTERS))
def test_unknown_body_or_matter_raise(body, matter):
    df = frame(counts(yes=3))
    with pytest.raises(ValueError) as exc:
        decide(body, "ordinary", df)
    assert "owners_assembly" in exc.value.en and "owners_assembly" in exc.value.zh
    with pytest.raises(ValueError) as exc:
        decide("residents_meeting", matter, df)
    assert "ordinary" in exc.value.en and "major" in exc.value.en


@pytest.mark.parametrize("body", [None, 3, ["owners_assembly"], "Owners_Assembly"])
def test_body_of_wrong_type(body):
    with pytest.raises(ValueError):
        decide(body, "ordinary", frame(["yes"]))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "electorate",
    [
        None,
        [{"vote": "yes"}],
        {"vote": ["yes"]},
        pd.Series(["yes"], name="vote"),
        np.array(["yes"]),
        pd.DataFrame(),
        pd.DataFrame({"vote": []}),
        pd.DataFrame({"vote": pd.Series([], dtype=object), "area": pd.Series([], dtype=float)}),
        pd.DataFrame({"ballot": ["yes"]}),
        pd.DataFrame([["yes", "no"]], columns=["vote", "vote"]),
    ],
)
@pytest.mark.parametrize("body", BODY_IDS)
def test_malformed_electorates_raise(electorate, body):
    with pytest.raises(ValueError):
        decide(body, "ordinary", electorate)


@pytest.mark.parametrize(
    "area",
    [
        ["10", "20"],  # strings
        [True, False],  # booleans
        pd.Series([1.0, None], dtype="Float64"),  # missing
        [1.0, float("nan")],
        [1.0, -2.0],
        [1.0, float("inf")],
    ],
)
def test_bad_area_columns(area):
    with pytest.raises(ValueError):
        decide("owners_assembly", "ordinary", pd.DataFrame({"vote": ["yes", "no"], "area": area}))


def test_error_messages_are_bilingual_and_name_the_row():
    df = pd.DataFrame({"vote": ["yes", "maybe", "no"]}, index=["a", "b", "c"])
    with pytest.raises(BilingualError) as exc:
        decide("residents_meeting", "ordinary", df)
    assert "'maybe'" in exc.value.en and "row 1" in exc.value.en and "'b'" in exc.value.en
    assert "'maybe'" in exc.value.zh and "第 1 行" in exc.value.zh
    assert exc.value.message("en") == exc.value.en


# --- gaps the baseline mutation run found ----------------------------------------------------


def test_a_categorical_vote_column_with_an_unknown_category_or_a_missing_vote_is_an_error():
    votes = pd.DataFrame({"vote": pd.Categorical(["yes", "maybe", "no"])})
    with pytest.raises(BilingualError, match="maybe"):
        decide("residents_meeting", "ordinary", votes)
    with pytest.raises(BilingualError, match="None|nan"):  # a missing vote is not a no
        decide("residents_meeting", "ordinary", pd.DataFrame({"vote": pd.Categorical(["yes", None, "no"])}))
    ok = decide("residents_meeting", "ordinary", pd.DataFrame({"vote": pd.Categorical(["yes", "yes", "no"])}))
    assert (ok.tally["yes"], ok.tally["no"]) == (2, 1)


def test_floor_areas_that_are_not_decimals_are_summed_exactly():
    import math
    from fractions import Fraction

    areas = [0.5, 1 / 3, 2 / 7, 3e-9, 123.456789123, 88.88, 1e-7 / 3]
    votes = ["yes", "yes", "no", "abstain", "absent", "yes", "no"]
    d = decide("owners_assembly", "ordinary", pd.DataFrame({"vote": votes, "area": areas}))
    exact = [Fraction(a) if not float(f"{a:.6f}") == a else Fraction(f"{a:.6f}") for a in areas]
    for key, chosen in (("area_total", set(votes)), ("area_present", {"yes", "no", "abstain"}), ("area_yes", {"yes"})):
        want = sum((e for e, v in zip(exact, votes) if v in chosen), Fraction(0))
        assert d.tally[key] == float(want), key
        assert math.isclose(d.tally[key], math.fsum(a for a, v in zip(areas, votes) if v in chosen), rel_tol=1e-15)


def test_the_decision_requirements_are_not_quorum_alternatives():
    votes = pd.DataFrame({"vote": ["yes"] * 6 + ["absent"] * 4, "household": [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]})
    d = decide("villagers_meeting", "ordinary", votes)
    assert {c.alternative for c in d.checks if c.stage == "quorum"} == {0, 1}
    assert {c.alternative for c in d.checks if c.stage == "decision"} == {0}
