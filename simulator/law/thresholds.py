"""Matters and thresholds: what each body needs to meet and to pass a matter.

* owners' assembly (业主大会) -- Civil Code art. 278: double quorum (area and heads, both
  >= 2/3); major matters >= 3/4 of the participating area and heads; other matters more
  than half of both.
* residents' meeting (居民会议) -- Organic Law of Urban Residents' Committees art. 9 (art. 10
  for important issues): more than half attend, more than half of those present decide.
* villagers' meeting (村民会议) -- Organic Law of Villagers' Committees art. 22: more than half
  of villagers 18+ or representatives of >= 2/3 of households; more than half of those present;
  major matters >= 2/3 of ALL members (Rural Land Contracting Law arts. 19/28/52, Land
  Administration Law art. 63).
* villagers' representatives' meeting (村民代表会议) -- art. 26: >= 2/3 present, more than half
  of those present; major matters >= 2/3 of ALL representatives (same overrides).
* collective members' meeting (集体经济组织成员大会) -- Rural Collective Economic Organisation
  Law art. 27: >= 2/3 present and every decision >= 2/3 of ALL members.
* collective members' representatives' meeting (成员代表大会) -- art. 28: more than 20
  representatives, decides by >= 2/3 of ALL representatives.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from ..i18n import BilingualError, Text
from .bodies import BODIES, COLLECTIVE_REPRESENTATIVES_MORE_THAN, Body

MATTERS: tuple[str, ...] = ("ordinary", "major")
MATTER_NAMES = {
    "ordinary": Text("一般事项", "ordinary matter"),
    "major": Text("重大事项", "major matter"),
}

_FRACTION_ZH = {
    Fraction(1, 2): "二分之一",
    Fraction(2, 3): "三分之二",
    Fraction(3, 4): "四分之三",
}


@dataclass(frozen=True)
class Requirement:
    """``measure`` must be ``op`` (``>=`` or ``>``) ``fraction`` of ``base``."""

    measure: str  # present_heads, present_area, present_households, yes_heads, yes_area
    base: str  # entitled_heads, total_area, households, present_heads, present_area
    op: str
    fraction: Fraction

    def holds(self, part: int | Fraction, whole: int | Fraction) -> bool:
        """Exact integer comparison of ``part / whole`` against the fraction."""
        lhs = part * self.fraction.denominator
        rhs = self.fraction.numerator * whole
        return lhs >= rhs if self.op == ">=" else lhs > rhs

    def text(self, body: Body, lang: str = "zh") -> str:
        label = measure_label(self.measure, self.base, body)
        n, d = self.fraction.numerator, self.fraction.denominator
        if self.op == ">" and self.fraction == Fraction(1, 2):
            zh = f"{label.zh}过半数"
        elif self.op == ">=":
            zh = f"{label.zh}{_FRACTION_ZH[self.fraction]}以上"
        else:
            zh = f"{label.zh}超过{_FRACTION_ZH[self.fraction]}"
        return Text(zh, f"{label.en}: {'at least' if self.op == '>=' else 'more than'} {n}/{d}")(lang)


def measure_label(measure: str, base: str, body: Body) -> Text:
    """What a requirement measures, against what, for a reader."""
    w, we = body.who
    verb_zh = "参与表决的" if body.weights_area else "到会"
    verb_en = "taking part" if body.weights_area else "present"
    labels = {
        ("present_heads", "entitled_heads"): (f"{verb_zh}{w}人数占全体{w}", f"{we} {verb_en}, of all {we}"),
        ("present_area", "total_area"): ("参与表决的专有部分面积占总面积", "floor area taking part, of total floor area"),
        ("present_households", "households"): ("有代表到会的户数占总户数", "households represented, of all households"),
        ("yes_heads", "present_heads"): (f"同意的{w}人数占{verb_zh}{w}人数", f"{we} voting yes, of those {verb_en}"),
        ("yes_area", "present_area"): ("同意的专有部分面积占参与表决面积", "floor area voting yes, of floor area taking part"),
        ("yes_heads", "entitled_heads"): (f"同意的{w}人数占全体{w}", f"{we} voting yes, of ALL {we}"),
    }
    return Text(*labels[(measure, base)])


@dataclass(frozen=True)
class Threshold:
    """What a body needs for a matter.

    ``quorum`` is a tuple of alternatives (any one suffices), each a tuple of
    requirements that must all hold. ``decision`` must all hold. ``size_more_than``
    is a constitution rule on the number of members (collective representatives).
    """

    body: str
    matter: str
    quorum: tuple[tuple[Requirement, ...], ...]
    decision: tuple[Requirement, ...]
    size_more_than: int | None
    text: Text

    def __str__(self) -> str:
        return self.text.zh


_H = Fraction(1, 2)
_TT = Fraction(2, 3)
_TQ = Fraction(3, 4)


def _rules(body: str, matter: str, with_households: bool) -> tuple:
    """(quorum alternatives, decision requirements, size_more_than)."""
    R = Requirement
    if body == "owners_assembly":
        quorum = ((R("present_area", "total_area", ">=", _TT), R("present_heads", "entitled_heads", ">=", _TT)),)
        if matter == "major":
            dec = (R("yes_area", "present_area", ">=", _TQ), R("yes_heads", "present_heads", ">=", _TQ))
        else:
            dec = (R("yes_area", "present_area", ">", _H), R("yes_heads", "present_heads", ">", _H))
        return quorum, dec, None
    if body == "residents_meeting":
        return ((R("present_heads", "entitled_heads", ">", _H),),), (R("yes_heads", "present_heads", ">", _H),), None
    if body == "villagers_meeting":
        quorum: tuple = ((R("present_heads", "entitled_heads", ">", _H),),)
        if with_households:
            quorum = quorum + ((R("present_households", "households", ">=", _TT),),)
        if matter == "major":
            dec = (R("yes_heads", "entitled_heads", ">=", _TT),)
        else:
            dec = (R("yes_heads", "present_heads", ">", _H),)
        return quorum, dec, None
    if body == "villager_representatives_meeting":
        quorum = ((R("present_heads", "entitled_heads", ">=", _TT),),)
        if matter == "major":
            dec = (R("yes_heads", "entitled_heads", ">=", _TT),)
        else:
            dec = (R("yes_heads", "present_heads", ">", _H),)
        return quorum, dec, None
    if body == "collective_members_meeting":
        quorum = ((R("present_heads", "entitled_heads", ">=", _TT),),)
        return quorum, (R("yes_heads", "entitled_heads", ">=", _TT),), None
    if body == "collective_representatives_meeting":
        # Art. 28 states no attendance quorum: none is invented here.
        return (), (R("yes_heads", "entitled_heads", ">=", _TT),), COLLECTIVE_REPRESENTATIVES_MORE_THAN
    raise AssertionError(body)  # pragma: no cover - validated before


def threshold_for(body: str, matter: str, *, with_households: bool = False) -> Threshold:
    """The rule a body applies to a matter (``with_households``: villagers'
    meeting with the household alternative quorum)."""
    check_body_matter(body, matter)
    return _threshold(body, matter, bool(with_households))


@lru_cache(maxsize=None)
def _threshold(body: str, matter: str, with_households: bool) -> Threshold:
    b = BODIES[body]
    quorum, dec, size = _rules(body, matter, with_households)
    zh_parts, en_parts = [], []
    if size is not None:
        zh_parts.append(f"代表人数须超过{size}人")
        en_parts.append(f"more than {size} representatives")
    if quorum:
        zh_alts = ["且".join(r.text(b, "zh") for r in alt) for alt in quorum]
        en_alts = [" and ".join(r.text(b, "en") for r in alt) for alt in quorum]
        zh_parts.append("法定人数：" + "，或".join(zh_alts))
        en_parts.append("quorum: " + "; or ".join(en_alts))
    else:
        zh_parts.append("法律未规定到会法定人数")
        en_parts.append("no attendance quorum stated in the law")
    zh_parts.append("通过：" + "且".join(r.text(b, "zh") for r in dec))
    en_parts.append("to pass: " + " and ".join(r.text(b, "en") for r in dec))
    return Threshold(
        body=body,
        matter=matter,
        quorum=quorum,
        decision=dec,
        size_more_than=size,
        text=Text(f"{b.law.zh}（{MATTER_NAMES[matter].zh}）：" + "；".join(zh_parts),
                  f"{b.law.en} ({MATTER_NAMES[matter].en}): " + "; ".join(en_parts)),
    )


def check_body_matter(body: Any, matter: Any) -> None:
    """Raise a bilingual error for an unknown body or matter."""
    if not isinstance(body, str) or body not in BODIES:
        raise BilingualError(
            f"未知的决策机构：{body!r}。可选：{'、'.join(BODIES)}。",
            f"unknown decision body {body!r}; valid bodies: {', '.join(BODIES)}.",
        )
    if not isinstance(matter, str) or matter not in MATTERS:
        raise BilingualError(
            f"未知的事项类型：{matter!r}。可选：{'、'.join(MATTERS)}（一般事项、重大事项）。",
            f"unknown matter {matter!r}; valid matters: {', '.join(MATTERS)}.",
        )
