"""Rules and decision bodies: every formal body a consultation can escalate to.

When a consultation does not reach consensus, the matter can go to a formal
body for a decision (Tianjin norms art. 7(3)). This module holds, in one place,
the bodies the kit knows (``BODIES``), the thresholds they apply
(``threshold_for``) and the vote count itself (``decide``).

The legal reading is in ``shared/domain/decision-rules.md``:

* owners' assembly (业主大会) -- Civil Code art. 278: double quorum (area and
  heads, both >= 2/3); major matters >= 3/4 of the participating area and
  heads; other matters more than half of both. Head count per owner (SPC
  interpretation on 建筑物区分所有权 art. 9).
* residents' meeting (居民会议) -- Organic Law of Urban Residents' Committees
  art. 9 (art. 10 for important issues): more than half attend, more than half
  of those present decide.
* villagers' meeting (村民会议) -- Organic Law of Villagers' Committees art. 22:
  more than half of villagers 18+ or representatives of >= 2/3 of households;
  more than half of those present; major matters >= 2/3 of ALL members (Rural
  Land Contracting Law arts. 19/28/52, Land Administration Law art. 63).
* villagers' representatives' meeting (村民代表会议) -- art. 26: >= 2/3
  present, more than half of those present; major matters >= 2/3 of ALL
  representatives (same overrides).
* collective members' meeting (集体经济组织成员大会) -- Rural Collective Economic
  Organisation Law art. 27: >= 2/3 present and every decision >= 2/3 of ALL
  members.
* collective members' representatives' meeting (成员代表大会) -- art. 28: more
  than 20 representatives, decides by >= 2/3 of ALL representatives, and may
  not decide the matters reserved to the members' meeting.

All comparisons are exact: head counts with integers, floor areas by summing
the binary floats exactly (no rounding), so a share of exactly 2/3 or 3/4 is
judged correctly.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .i18n import BilingualError, check_lang

__all__ = [
    "BODIES",
    "MATTERS",
    "VOTES",
    "PRESENT_VOTES",
    "Body",
    "Requirement",
    "Threshold",
    "Check",
    "Decision",
    "threshold_for",
    "decide",
]

# ---------------------------------------------------------------------------
# Bodies, matters, votes
# ---------------------------------------------------------------------------

MATTERS: tuple[str, ...] = ("ordinary", "major")
VOTES: tuple[str, ...] = ("yes", "no", "abstain", "absent")
PRESENT_VOTES: tuple[str, ...] = ("yes", "no", "abstain")

_MATTER_NAMES = {
    "ordinary": ("一般事项", "ordinary matter"),
    "major": ("重大事项", "major matter"),
}
_VOTE_NAMES_ZH = {"yes": "同意", "no": "反对", "abstain": "弃权", "absent": "未参加"}


@dataclass(frozen=True)
class Body:
    """A formal decision body: its names, its law and a few procedural facts."""

    id: str
    name_zh: str
    name_en: str
    law_zh: str
    law_en: str
    weights_area: bool
    notice_days: int | None  # only where the law states it; None = not stated
    who_zh: str  # what one voter is called
    who_en: str

    def name(self, lang: str = "zh") -> str:
        return self.name_en if check_lang(lang) == "en" else self.name_zh

    def law(self, lang: str = "zh") -> str:
        return self.law_en if check_lang(lang) == "en" else self.law_zh


_BODY_LIST = (
    Body(
        "owners_assembly",
        "业主大会",
        "owners' assembly",
        "《民法典》第二百七十八条",
        "Civil Code art. 278",
        weights_area=True,
        notice_days=None,
        who_zh="业主",
        who_en="owners",
    ),
    Body(
        "residents_meeting",
        "居民会议",
        "residents' meeting",
        "《城市居民委员会组织法》第九条",
        "Organic Law of Urban Residents' Committees art. 9",
        weights_area=False,
        notice_days=None,
        who_zh="居民",
        who_en="residents",
    ),
    Body(
        "villagers_meeting",
        "村民会议",
        "villagers' meeting",
        "《村民委员会组织法》第二十二条",
        "Organic Law of Villagers' Committees art. 22",
        weights_area=False,
        notice_days=10,  # art. 21
        who_zh="村民",
        who_en="villagers",
    ),
    Body(
        "villager_representatives_meeting",
        "村民代表会议",
        "villagers' representatives' meeting",
        "《村民委员会组织法》第二十六条",
        "Organic Law of Villagers' Committees art. 26",
        weights_area=False,
        notice_days=None,
        who_zh="村民代表",
        who_en="representatives",
    ),
    Body(
        "collective_members_meeting",
        "集体经济组织成员大会",
        "collective members' meeting",
        "《农村集体经济组织法》第二十七条",
        "Rural Collective Economic Organisation Law art. 27",
        weights_area=False,
        notice_days=10,  # art. 27
        who_zh="成员",
        who_en="members",
    ),
    Body(
        "collective_representatives_meeting",
        "集体经济组织成员代表大会",
        "collective members' representatives' meeting",
        "《农村集体经济组织法》第二十八条",
        "Rural Collective Economic Organisation Law art. 28",
        weights_area=False,
        notice_days=None,
        who_zh="成员代表",
        who_en="representatives",
    ),
)

BODIES: Mapping[str, Body] = MappingProxyType({b.id: b for b in _BODY_LIST})

# Art. 28 of the Rural Collective Economic Organisation Law: more than 20.
COLLECTIVE_REPRESENTATIVES_MORE_THAN = 20


# ---------------------------------------------------------------------------
# Thresholds
# ---------------------------------------------------------------------------

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
        measure_zh, measure_en = _measure_label(self.measure, self.base, body)
        if check_lang(lang) == "en":
            word = "at least" if self.op == ">=" else "more than"
            return f"{measure_en}: {word} {self.fraction.numerator}/{self.fraction.denominator}"
        if self.op == ">" and self.fraction == Fraction(1, 2):
            return f"{measure_zh}过半数"
        if self.op == ">=":
            return f"{measure_zh}{_FRACTION_ZH[self.fraction]}以上"
        return f"{measure_zh}超过{_FRACTION_ZH[self.fraction]}"


def _measure_label(measure: str, base: str, body: Body) -> tuple[str, str]:
    w, we = body.who_zh, body.who_en
    verb_zh = "参与表决的" if body.weights_area else "到会"
    verb_en = "taking part" if body.weights_area else "present"
    labels = {
        ("present_heads", "entitled_heads"): (
            f"{verb_zh}{w}人数占全体{w}",
            f"{we} {verb_en}, of all {we}",
        ),
        ("present_area", "total_area"): (
            "参与表决的专有部分面积占总面积",
            "floor area taking part, of total floor area",
        ),
        ("present_households", "households"): (
            "有代表到会的户数占总户数",
            "households represented, of all households",
        ),
        ("yes_heads", "present_heads"): (
            f"同意的{w}人数占{verb_zh}{w}人数",
            f"{we} voting yes, of those {verb_en}",
        ),
        ("yes_area", "present_area"): (
            "同意的专有部分面积占参与表决面积",
            "floor area voting yes, of floor area taking part",
        ),
        ("yes_heads", "entitled_heads"): (
            f"同意的{w}人数占全体{w}",
            f"{we} voting yes, of ALL {we}",
        ),
    }
    return labels[(measure, base)]


@dataclass(frozen=True)
class Threshold:
    """What a body needs for a matter.

    ``quorum`` is a tuple of alternatives (any one suffices), each a tuple of
    requirements that must all hold. ``decision`` must all hold. A body that
    may not decide the matter has ``decidable=False``. ``size_more_than`` is a
    constitution rule on the number of members (collective representatives).
    """

    body: str
    matter: str
    quorum: tuple[tuple[Requirement, ...], ...]
    decision: tuple[Requirement, ...]
    decidable: bool = True
    size_more_than: int | None = None
    text_zh: str = ""
    text_en: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.text_en if check_lang(lang) == "en" else self.text_zh

    def __str__(self) -> str:
        return self.text_zh


_H = Fraction(1, 2)
_TT = Fraction(2, 3)
_TQ = Fraction(3, 4)


def _rules(body: str, matter: str, with_households: bool) -> tuple:
    """(quorum alternatives, decision requirements, decidable, size_more_than)."""
    R = Requirement
    if body == "owners_assembly":
        quorum = ((R("present_area", "total_area", ">=", _TT), R("present_heads", "entitled_heads", ">=", _TT)),)
        if matter == "major":
            dec = (R("yes_area", "present_area", ">=", _TQ), R("yes_heads", "present_heads", ">=", _TQ))
        else:
            dec = (R("yes_area", "present_area", ">", _H), R("yes_heads", "present_heads", ">", _H))
        return quorum, dec, True, None
    if body == "residents_meeting":
        return (((R("present_heads", "entitled_heads", ">", _H),),), (R("yes_heads", "present_heads", ">", _H),), True, None)
    if body == "villagers_meeting":
        quorum: tuple = ((R("present_heads", "entitled_heads", ">", _H),),)
        if with_households:
            quorum = quorum + ((R("present_households", "households", ">=", _TT),),)
        if matter == "major":
            dec = (R("yes_heads", "entitled_heads", ">=", _TT),)
        else:
            dec = (R("yes_heads", "present_heads", ">", _H),)
        return quorum, dec, True, None
    if body == "villager_representatives_meeting":
        quorum = ((R("present_heads", "entitled_heads", ">=", _TT),),)
        if matter == "major":
            dec = (R("yes_heads", "entitled_heads", ">=", _TT),)
        else:
            dec = (R("yes_heads", "present_heads", ">", _H),)
        return quorum, dec, True, None
    if body == "collective_members_meeting":
        quorum = ((R("present_heads", "entitled_heads", ">=", _TT),),)
        return quorum, (R("yes_heads", "entitled_heads", ">=", _TT),), True, None
    if body == "collective_representatives_meeting":
        # Art. 28 states no attendance quorum: none is invented here.
        dec = (R("yes_heads", "entitled_heads", ">=", _TT),)
        # Art. 28 reserves some matters (charter, membership, contracting, ...) to the members'
        # meeting; a scenario sends those to ``collective_members_meeting``. Others it decides.
        return (), dec, True, COLLECTIVE_REPRESENTATIVES_MORE_THAN
    raise AssertionError(body)  # pragma: no cover - validated before


def threshold_for(body: str, matter: str, *, with_households: bool = False) -> Threshold:
    """The rule a body applies to a matter (``with_households``: villagers'
    meeting with the household alternative quorum)."""
    _check_body_matter(body, matter)
    return _threshold(body, matter, bool(with_households))


@lru_cache(maxsize=None)
def _threshold(body: str, matter: str, with_households: bool) -> Threshold:
    b = BODIES[body]
    quorum, dec, decidable, size = _rules(body, matter, with_households)
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
    if decidable:
        zh_parts.append("通过：" + "且".join(r.text(b, "zh") for r in dec))
        en_parts.append("to pass: " + " and ".join(r.text(b, "en") for r in dec))
    else:
        zh_parts.append("该事项须提交成员大会，本会议不得决定")
        en_parts.append("reserved to the members' meeting; this body may not decide it")
    return Threshold(
        body=body,
        matter=matter,
        quorum=quorum,
        decision=dec,
        decidable=decidable,
        size_more_than=size,
        text_zh=f"{b.law_zh}（{_MATTER_NAMES[matter][0]}）：" + "；".join(zh_parts),
        text_en=f"{b.law_en} ({_MATTER_NAMES[matter][1]}): " + "; ".join(en_parts),
    )


# ---------------------------------------------------------------------------
# Result records
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """One requirement evaluated on the actual votes (exactly)."""

    stage: str  # "quorum" or "decision"
    requirement: Requirement
    part: float  # display values; the comparison itself was exact
    whole: float
    met: bool
    alternative: int = 0  # index of the quorum alternative

    @property
    def share(self) -> float | None:
        return None if self.whole == 0 else self.part / self.whole


@dataclass(frozen=True)
class Decision:
    """The outcome of a vote in a formal body."""

    body: str
    matter: str
    passed: bool
    quorum_met: bool
    reason: str
    reason_en: str
    tally: dict = field(default_factory=dict)
    threshold: Threshold | None = None
    checks: tuple[Check, ...] = ()

    def explain(self, lang: str = "zh") -> str:
        """A short human-readable account of the decision."""
        lang = check_lang(lang)
        b = BODIES[self.body]
        t = self.tally
        if lang == "en":
            verdict = "passed" if self.passed else "not passed"
            lines = [
                f"{b.name_en}, {_MATTER_NAMES[self.matter][1]}: {verdict}",
                self.reason_en,
                (
                    f"Votes: yes {t['yes']}, no {t['no']}, abstain {t['abstain']}, "
                    f"absent {t['absent']} (entitled {t['entitled']}, present {t['present']})."
                ),
            ]
            if "heads_entitled" in t:
                lines.append(
                    f"Owners (heads): {t['heads_present']} of {t['heads_entitled']} taking part, "
                    f"{t['heads_yes']} yes; floor area {_fmt_area(t['area_present'])} of "
                    f"{_fmt_area(t['area_total'])} m² taking part, {_fmt_area(t['area_yes'])} m² yes."
                )
        else:
            verdict = "通过" if self.passed else "未通过"
            lines = [
                f"{b.name_zh}·{_MATTER_NAMES[self.matter][0]}：{verdict}",
                self.reason,
                (
                    f"计票：同意 {t['yes']}，反对 {t['no']}，弃权 {t['abstain']}，"
                    f"未参加 {t['absent']}（应到 {t['entitled']}，实到 {t['present']}）。"
                ),
            ]
            if "heads_entitled" in t:
                lines.append(
                    f"业主人数：{t['heads_entitled']} 人中 {t['heads_present']} 人参与表决，"
                    f"{t['heads_yes']} 人同意；专有部分面积 {_fmt_area(t['area_total'])}㎡ 中 "
                    f"{_fmt_area(t['area_present'])}㎡ 参与表决，{_fmt_area(t['area_yes'])}㎡ 同意。"
                )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for JSON / reports)."""
        d = asdict(self)
        d["threshold"] = None if self.threshold is None else {"zh": self.threshold.text_zh, "en": self.threshold.text_en}
        d["checks"] = [
            {
                "stage": c.stage,
                "measure": c.requirement.measure,
                "base": c.requirement.base,
                "op": c.requirement.op,
                "fraction": str(c.requirement.fraction),
                "part": c.part,
                "whole": c.whole,
                "met": c.met,
                "alternative": c.alternative,
            }
            for c in self.checks
        ]
        return d


# ---------------------------------------------------------------------------
# Validation helpers
# ---------------------------------------------------------------------------


def _check_body_matter(body: Any, matter: Any) -> None:
    if not isinstance(body, str) or body not in BODIES:
        valid = "、".join(BODIES)
        raise BilingualError(
            f"未知的决策机构：{body!r}。可选：{valid}。",
            f"unknown decision body {body!r}; valid bodies: {', '.join(BODIES)}.",
        )
    if not isinstance(matter, str) or matter not in MATTERS:
        raise BilingualError(
            f"未知的事项类型：{matter!r}。可选：{'、'.join(MATTERS)}（一般事项、重大事项）。",
            f"unknown matter {matter!r}; valid matters: {', '.join(MATTERS)}.",
        )


def _column(df: pd.DataFrame, name: str) -> pd.Series:
    col = df[name]
    if isinstance(col, pd.DataFrame):
        raise BilingualError(
            f"选民名单中有多个名为 {name!r} 的列。",
            f"the electorate has more than one column named {name!r}.",
        )
    return col


def _row_ref(df: pd.DataFrame, pos: int) -> tuple[str, str]:
    label = df.index[pos]
    return (f"第 {pos} 行（索引 {label!r}）", f"row {pos} (index {label!r})")


_VOTE_INDEX = pd.Index(list(VOTES), dtype=object)
_VOTE_POS = {v: i for i, v in enumerate(VOTES)}


def _vote_codes(df: pd.DataFrame) -> np.ndarray:
    """0 yes, 1 no, 2 abstain, 3 absent; raises on anything else."""
    if "vote" not in df.columns:
        raise BilingualError(
            "选民名单缺少 vote 列（取值：yes、no、abstain、absent）。",
            "the electorate has no 'vote' column (values: yes, no, abstain, absent).",
        )
    vote = _column(df, "vote")
    if isinstance(vote.dtype, pd.CategoricalDtype):
        mapping = np.append(_VOTE_INDEX.get_indexer(vote.cat.categories), -1)
        codes = mapping[vote.cat.codes.to_numpy()]
    else:
        values = vote.to_numpy(dtype=object)
        try:
            # hashing the few distinct values is much faster than comparing strings
            fcodes, uniques = pd.factorize(values, use_na_sentinel=True)
            mapping = np.array([_VOTE_POS.get(u, -1) if isinstance(u, str) else -1 for u in uniques] + [-1])
            codes = mapping[fcodes]
        except TypeError:  # unhashable objects in the column
            codes = np.array([VOTES.index(x) if isinstance(x, str) and x in VOTES else -1 for x in values])
    codes = np.asarray(codes, dtype=np.int64)
    bad = np.flatnonzero(codes < 0)
    if bad.size:
        pos = int(bad[0])
        where_zh, where_en = _row_ref(df, pos)
        value = vote.iloc[pos]
        raise BilingualError(
            f"vote 列的值无效：{where_zh}为 {value!r}（共 {bad.size} 处无效）。"
            f"有效取值：yes（同意）、no（反对）、abstain（弃权）、absent（未参加）。",
            f"invalid vote {value!r} at {where_en} ({bad.size} invalid in all); "
            f"valid votes: yes, no, abstain, absent.",
        )
    return codes


def _area_values(df: pd.DataFrame) -> np.ndarray:
    if "area" not in df.columns:
        raise BilingualError(
            "业主大会表决须提供 area 列（专有部分面积，《民法典》第二百七十八条）。",
            "an owners' assembly vote needs an 'area' column (exclusive floor area, Civil Code art. 278).",
        )
    col = _column(df, "area")
    dtype = col.dtype
    numeric = pd.api.types.is_numeric_dtype(dtype)
    if numeric and not (pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_complex_dtype(dtype)):
        values = col.to_numpy(dtype=np.float64, na_value=np.nan)
    elif dtype == object:
        values = _object_areas(df, col)
    else:
        raise BilingualError(
            f"area 列必须是数值（专有部分面积），实际类型为 {dtype}。",
            f"the 'area' column must be numeric (floor area); its dtype is {dtype}.",
        )
    ok = np.isfinite(values) & (values > 0)
    bad = np.flatnonzero(~ok)
    if bad.size:
        pos = int(bad[0])
        where_zh, where_en = _row_ref(df, pos)
        value = col.iloc[pos]
        raise BilingualError(
            f"area 列的值无效：{where_zh}为 {value!r}；面积必须是大于 0 的有限数（共 {bad.size} 处无效）。",
            f"invalid area {value!r} at {where_en}; floor area must be a finite number > 0 "
            f"({bad.size} invalid in all).",
        )
    return values


def _object_areas(df: pd.DataFrame, col: pd.Series) -> np.ndarray:
    """Areas from an object column: real numbers (incl. Decimal) or missing."""
    out = np.empty(len(col), dtype=np.float64)
    for i, x in enumerate(col.to_numpy()):
        if x is None or x is pd.NA:
            out[i] = np.nan
            continue
        if isinstance(x, (bool, np.bool_)) or not isinstance(x, (numbers.Real, Decimal)):
            where_zh, where_en = _row_ref(df, i)
            raise BilingualError(
                f"area 列的值不是数值：{where_zh}为 {x!r}；面积必须是大于 0 的有限数。",
                f"area {x!r} at {where_en} is not a number; floor area must be a finite number > 0.",
            )
        try:
            out[i] = float(x)
        except (OverflowError, ValueError):
            out[i] = np.nan
    return out


def _group_codes(df: pd.DataFrame, name: str, what_zh: str, what_en: str) -> tuple[np.ndarray, pd.Index]:
    col = _column(df, name)
    if pd.api.types.is_string_dtype(col.dtype):
        values = col.to_numpy(dtype=object)
    elif isinstance(col.dtype, np.dtype):
        values = col.to_numpy()
    else:
        values = col  # extension dtypes (categorical, nullable ints) factorize themselves
    try:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    except TypeError as exc:
        raise BilingualError(
            f"{name} 列含无法比较的值（{what_zh}标识须为字符串或数字）：{exc}",
            f"the {name!r} column holds values that cannot be compared ({what_en} ids must be strings or numbers): {exc}",
        ) from exc
    codes = np.asarray(codes, dtype=np.int64)
    bad = np.flatnonzero(codes < 0)
    if bad.size:
        where_zh, where_en = _row_ref(df, int(bad[0]))
        raise BilingualError(
            f"{name} 列缺少{what_zh}标识：{where_zh}为空（共 {bad.size} 处）。",
            f"missing {what_en} id in the {name!r} column at {where_en} ({bad.size} missing in all).",
        )
    return codes, pd.Index(uniques)


# ---------------------------------------------------------------------------
# Exact floor-area sums
# ---------------------------------------------------------------------------
#
# Floor areas come from the property register as decimals (e.g. 89.37 m²).
# A float such as 0.1 is only close to the decimal it stands for, so adding
# floats and comparing shares could judge an exact 2/3 wrongly. Each area is
# therefore read as the decimal it stands for: if a decimal with at most
# AREA_DECIMALS (6) decimal places rounds to the float -- there is at most one
# while the area is below 2**50 / 10**6 (about 1.1e9 m²) -- that decimal is the
# area; any other float (e.g. 1/3, 1e-9, 5e12) is taken at its exact binary
# value. All sums are exact rational numbers; no rounding happens anywhere.

AREA_DECIMALS = 6
_SCALE = 10**AREA_DECIMALS
_MANTISSA_CAP = 1 << 50  # keeps the decimal reading unique and the int64 sums safe
_CHUNK = 1 << 25  # keeps every float partial sum in bincount below 2**53 (exact)


def _int_group_sums(ints: np.ndarray, keys: np.ndarray, n_keys: int, bits: int) -> list[int]:
    """Exact per-key sums of non-negative ints below ``2**(2*bits)``.

    The ints are split into two ``bits``-bit halves summed by ``bincount``
    (float64 partial sums below 2**53, hence exact) and recombined in Python.
    """
    hi = (ints >> bits).astype(np.float64)
    lo = (ints & ((1 << bits) - 1)).astype(np.float64)
    totals = [0] * n_keys
    for start in range(0, len(ints), _CHUNK):
        sl = slice(start, start + _CHUNK)
        s_hi = np.bincount(keys[sl], weights=hi[sl], minlength=n_keys)
        s_lo = np.bincount(keys[sl], weights=lo[sl], minlength=n_keys)
        for k in np.flatnonzero((s_hi != 0) | (s_lo != 0)):
            totals[int(k)] += (int(s_hi[k]) << bits) + int(s_lo[k])
    return totals


def _binary_group_sums(values: np.ndarray, groups: np.ndarray, n_groups: int) -> list[Fraction]:
    """Exact sums of the binary values of positive finite floats, per group."""
    if values.size == 0:
        return [Fraction(0)] * n_groups
    m, e = np.frexp(values)
    mant = np.ldexp(m, 53).astype(np.int64)  # exact: 0.5 <= m < 1 has <= 53 bits
    e_min = int(e.min())
    shift = (e - e_min).astype(np.int64)
    n_shift = int(shift.max()) + 1
    sums = _int_group_sums(mant, groups.astype(np.int64) * n_shift + shift, n_groups * n_shift, 27)
    out = [0] * n_groups
    for k, v in enumerate(sums):
        if v:
            g, sh = divmod(k, n_shift)
            out[g] += v << sh
    scale = Fraction(2) ** (e_min - 53)
    return [Fraction(v) * scale for v in out]


def _exact_area_sums(values: np.ndarray, groups: np.ndarray, n_groups: int) -> list[Fraction]:
    """Exact per-group sums of positive finite floor areas read as decimals (see above).

    ``m = rint(a * 10**6)`` is the only candidate: when some 6-decimal rounds
    to ``a`` (and ``a < 2**50 / 10**6``), ``a * 10**6`` lies within 0.25 of it
    and the float product within a further 0.125, so ``rint`` finds it; the
    test ``m / 10**6 == a`` (IEEE division rounds correctly) then confirms it.
    """
    groups = groups.astype(np.int64)
    with np.errstate(over="ignore", invalid="ignore"):
        m = np.rint(values * float(_SCALE))
        dec = (m < _MANTISSA_CAP) & (m / float(_SCALE) == values)
    if dec.all():
        sums = _int_group_sums(m.astype(np.int64), groups, n_groups, 25)
        return [Fraction(v, _SCALE) for v in sums]
    sums = _int_group_sums(m[dec].astype(np.int64), groups[dec], n_groups, 25)
    rest = ~dec
    binary = _binary_group_sums(values[rest], groups[rest], n_groups)
    return [Fraction(v, _SCALE) + b for v, b in zip(sums, binary)]


def _to_float(x: Fraction) -> float:
    try:
        return float(x)
    except OverflowError:
        return math.inf


# ---------------------------------------------------------------------------
# The vote
# ---------------------------------------------------------------------------


def _fmt_pct(part: float, whole: float, exact: Fraction | None) -> str:
    if whole == 0:
        return "—"
    share = exact if exact is not None else Fraction(part) / Fraction(whole)
    return f"{float(share) * 100:.2f}%"


def _fmt_area(x: float) -> str:
    return f"{x:,.2f}"


def _check_text(c: Check, body: Body, exact: Fraction | None, lang: str) -> str:
    req = c.requirement
    is_area = req.measure.endswith("_area")
    pct = _fmt_pct(c.part, c.whole, exact)
    if is_area:
        nums = f"{_fmt_area(c.part)}/{_fmt_area(c.whole)}" + ("㎡" if lang == "zh" else " m²")
    else:
        nums = f"{int(c.part)}/{int(c.whole)}"
    label_zh, label_en = _measure_label(req.measure, req.base, body)
    sym = "≥" if req.op == ">=" else ">"
    frac = f"{req.fraction.numerator}/{req.fraction.denominator}"
    if lang == "en":
        return f"{label_en} {nums} = {pct} (needs {sym} {frac}): {'met' if c.met else 'not met'}"
    return f"{label_zh} {nums}＝{pct}（须{sym}{frac}）：{'达到' if c.met else '未达到'}"


_NOTES = {
    ("owners_assembly", "major"): (
        "重大事项（筹集维修资金、改建重建建筑物及附属设施、改变共有部分用途或利用其从事经营活动）"
        "须经参与表决专有部分面积四分之三以上且参与表决人数四分之三以上的业主同意。",
        "major matters (raising maintenance funds, rebuilding or altering buildings and facilities, "
        "changing the use of common parts or running a business on them) need at least 3/4 of the "
        "participating area and at least 3/4 of the participating owners.",
    ),
    ("owners_assembly", "ordinary"): (
        "其他事项须经参与表决专有部分面积过半数且参与表决人数过半数的业主同意。",
        "other matters need more than half of the participating area and more than half of the participating owners.",
    ),
    ("residents_meeting", "major"): (
        "依第十条，涉及全体居民利益的重要问题须提交居民会议讨论决定；表决规则仍为第九条的到会人员过半数。",
        "under art. 10, important issues affecting all residents go to the residents' meeting; "
        "it still decides by more than half of those present (art. 9).",
    ),
    ("villagers_meeting", "ordinary"): (
        "所作决定须经到会人员过半数通过。",
        "decisions need more than half of those present.",
    ),
    ("villagers_meeting", "major"): (
        "重大事项适用其他法律的特别多数：《农村土地承包法》第十九条、第二十八条、第五十二条（承包方案、"
        "调整承包地、发包给本集体以外的单位或个人）及《土地管理法》第六十三条（集体经营性建设用地出让、出租）"
        "要求经村民会议三分之二以上成员同意，以全体成员而非到会人数为基数。",
        "major matters follow the supermajority of other laws: Rural Land Contracting Law arts. 19, 28 and 52 "
        "(contracting plan, adjusting plots, contracting to outsiders) and Land Administration Law art. 63 "
        "(leasing or transferring collective commercial construction land) need at least 2/3 of ALL members "
        "of the villagers' meeting, not of those present.",
    ),
    ("villager_representatives_meeting", "ordinary"): (
        "所作决定须经到会人员过半数同意。",
        "decisions need more than half of those present.",
    ),
    ("villager_representatives_meeting", "major"): (
        "重大事项适用其他法律的特别多数：《农村土地承包法》第十九条、第二十八条、第五十二条及"
        "《土地管理法》第六十三条要求三分之二以上村民代表同意，以全体代表而非到会人数为基数。",
        "major matters follow the supermajority of other laws: Rural Land Contracting Law arts. 19, 28 and 52 "
        "and Land Administration Law art. 63 need at least 2/3 of ALL representatives, not of those present.",
    ),
    ("collective_members_meeting", "ordinary"): (
        "每项决定均须经全体成员三分之二以上同意，而不仅是到会成员的三分之二；缺席等于未同意，因此较难达到。",
        "every decision needs at least 2/3 of ALL members, not only of those present; an absent member "
        "counts like a no, which is why this threshold is hard to reach.",
    ),
    ("collective_representatives_meeting", "ordinary"): (
        "成员代表大会须经全体成员代表三分之二以上同意，以全体代表而非到会人数为基数。",
        "the representatives' meeting decides by at least 2/3 of ALL representatives, not of those present.",
    ),
}
_NOTES[("collective_members_meeting", "major")] = _NOTES[("collective_members_meeting", "ordinary")]

_RESERVED_NOTE = (
    "依第二十八条，成员代表大会不得决定章程、成员资格、土地承包方案、宅基地或股份方案、征地补偿、"
    "合并等保留给成员大会的事项；本事项须提交成员大会（第二十六条、第二十七条）决定。",
    "under art. 28 the representatives' meeting may not decide the charter, membership, contracting, "
    "homestead or share plans, land compensation or mergers; such a matter must go to the members' meeting "
    "(arts. 26 and 27).",
)
_NOTES[("collective_representatives_meeting", "major")] = (
    _NOTES[("collective_representatives_meeting", "ordinary")][0]
    + "章程、成员资格、土地承包方案、宅基地或股份方案、征地补偿、合并等事项保留给成员大会（第二十八条），不在此列。",
    _NOTES[("collective_representatives_meeting", "ordinary")][1]
    + " The charter, membership, contracting, homestead or share plans, land compensation and mergers are "
    "reserved to the members' meeting (art. 28) and are not decided here.",
)


def decide(body: str, matter: str, electorate: pd.DataFrame) -> Decision:
    """Count a vote of ``body`` on a ``matter`` (``ordinary``/``major``).

    ``electorate``: one row per entitled voter, column ``vote`` in
    ``yes``/``no``/``abstain``/``absent``; ``area`` (required for the owners'
    assembly), ``owner`` (owners' assembly: units of one owner count as one
    head) and ``household`` (villagers' meeting: alternative quorum) optional.
    Raises :class:`BilingualError` (a ``ValueError``) on malformed input.
    The input frame is never modified.
    """
    _check_body_matter(body, matter)
    if not isinstance(electorate, pd.DataFrame):
        raise BilingualError(
            f"选民名单必须是 pandas.DataFrame，实际为 {type(electorate).__name__}。",
            f"the electorate must be a pandas.DataFrame, not {type(electorate).__name__}.",
        )
    if len(electorate) == 0:
        raise BilingualError(
            "选民名单为空：至少需要一名有表决权的人。",
            "the electorate is empty: at least one entitled voter is needed.",
        )
    b = BODIES[body]
    codes = _vote_codes(electorate)
    n = int(codes.size)
    counts = np.bincount(codes, minlength=4)
    tally: dict[str, Any] = {
        "yes": int(counts[0]),
        "no": int(counts[1]),
        "abstain": int(counts[2]),
        "absent": int(counts[3]),
        "entitled": n,
        "present": int(counts[0] + counts[1] + counts[2]),
    }
    # exact measures (ints; Fractions for floor area) and their display values
    exact: dict[str, int | Fraction] = {
        "entitled_heads": n,
        "present_heads": tally["present"],
        "yes_heads": tally["yes"],
    }
    display: dict[str, float] = {k: float(v) for k, v in exact.items()}

    with_households = False
    if body == "owners_assembly":
        area = _area_values(electorate)
        if "owner" in electorate.columns:
            ocodes, owners = _group_codes(electorate, "owner", "业主", "owner")
            k = len(owners)
            per_owner = np.bincount(ocodes * 4 + codes, minlength=4 * k).reshape(k, 4)
            n_kinds = (per_owner > 0).sum(axis=1)
            bad = np.flatnonzero(n_kinds > 1)
            if bad.size:
                o = int(bad[0])
                kinds = [VOTES[j] for j in range(4) if per_owner[o, j] > 0]
                rows = np.flatnonzero(ocodes == o)[:10].tolist()
                labels = [electorate.index[r] for r in rows]
                raise BilingualError(
                    f"业主 {owners[o]!r} 名下多个专有部分的表决不一致（{'、'.join(_VOTE_NAMES_ZH[v] for v in kinds)}，"
                    f"行 {rows}，索引 {labels}）；同一业主只能按一人作出一个表决"
                    f"（最高人民法院建筑物区分所有权司法解释第九条）。共 {bad.size} 名业主不一致。",
                    f"owner {owners[o]!r} votes inconsistently across units ({', '.join(kinds)}; rows {rows}, "
                    f"index {labels}); one owner counts as one person with one vote (SPC interpretation on "
                    f"building ownership art. 9). {bad.size} inconsistent owner(s) in all.",
                )
            heads = np.bincount(per_owner.argmax(axis=1), minlength=4)
        else:
            heads = counts
        hk = [int(x) for x in heads]
        tally.update(
            heads_entitled=sum(hk),
            heads_present=hk[0] + hk[1] + hk[2],
            heads_yes=hk[0],
            heads_no=hk[1],
            heads_abstain=hk[2],
            heads_absent=hk[3],
        )
        exact.update(
            entitled_heads=tally["heads_entitled"],
            present_heads=tally["heads_present"],
            yes_heads=tally["heads_yes"],
        )
        sums = _exact_area_sums(area, codes, 4)
        a_total = sums[0] + sums[1] + sums[2] + sums[3]
        a_present = sums[0] + sums[1] + sums[2]
        exact.update(total_area=a_total, present_area=a_present, yes_area=sums[0])
        tally.update(
            area_total=_to_float(a_total),
            area_present=_to_float(a_present),
            area_yes=_to_float(sums[0]),
            area_no=_to_float(sums[1]),
            area_abstain=_to_float(sums[2]),
            area_absent=_to_float(sums[3]),
        )
        display = {k: _to_float(v) for k, v in exact.items()}
    elif body == "villagers_meeting" and "household" in electorate.columns:
        with_households = True
        hcodes, households = _group_codes(electorate, "household", "户", "household")
        h = len(households)
        present_rows = codes < 3
        represented = int(np.count_nonzero(np.bincount(hcodes[present_rows], minlength=h)))
        tally.update(households=h, households_present=represented)
        exact.update(households=h, present_households=represented)
        display.update(households=float(h), present_households=float(represented))

    threshold = threshold_for(body, matter, with_households=with_households)

    def evaluate(req: Requirement, stage: str, alt: int = 0) -> tuple[Check, Fraction | None]:
        part, whole = exact[req.measure], exact[req.base]
        chk = Check(stage, req, display[req.measure], display[req.base], req.holds(part, whole), alt)
        return chk, (Fraction(part, whole) if whole else None)

    checks: list[Check] = []
    shares: list[Fraction | None] = []
    size_ok = threshold.size_more_than is None or n > threshold.size_more_than

    for i, alt in enumerate(threshold.quorum):
        for req in alt:
            c, s = evaluate(req, "quorum", i)
            checks.append(c)
            shares.append(s)
    if threshold.quorum:
        quorum_met = any(all(c.met for c in checks if c.alternative == i) for i in range(len(threshold.quorum)))
    else:
        quorum_met = True  # no attendance quorum in the law
    quorum_met = quorum_met and size_ok

    if threshold.decidable:
        for req in threshold.decision:
            c, s = evaluate(req, "decision")
            checks.append(c)
            shares.append(s)
    dec_checks = [c for c in checks if c.stage == "decision"]
    passed = bool(size_ok and threshold.decidable and quorum_met and all(c.met for c in dec_checks))

    reason, reason_en = _compose_reason(b, matter, threshold, checks, shares, quorum_met, passed, size_ok, n, tally)
    return Decision(
        body=body,
        matter=matter,
        passed=passed,
        quorum_met=bool(quorum_met),
        reason=reason,
        reason_en=reason_en,
        tally=tally,
        threshold=threshold,
        checks=tuple(checks),
    )


def _compose_reason(
    b: Body,
    matter: str,
    threshold: Threshold,
    checks: list[Check],
    shares: list[Fraction | None],
    quorum_met: bool,
    passed: bool,
    size_ok: bool,
    n: int,
    tally: dict,
) -> tuple[str, str]:
    mz, me = _MATTER_NAMES[matter]
    head_zh = f"{b.law_zh}（{b.name_zh}，{mz}）："
    head_en = f"{b.law_en} ({b.name_en}, {me}): "
    zh: list[str] = []
    en: list[str] = []

    if not size_ok:
        zh.append(
            f"成员代表大会的代表人数须超过{threshold.size_more_than}人，本名单仅 {n} 人，"
            f"不符合法定组成，不能作出有效决定"
        )
        en.append(
            f"a members' representatives' meeting must have more than {threshold.size_more_than} "
            f"representatives; this one has {n}, so it is not properly constituted and cannot decide"
        )
        zh_text = head_zh + "；".join(zh) + "。结果：未通过。"
        en_text = head_en + "; ".join(en) + ". Result: not passed."
        return zh_text, en_text

    q_checks = [(c, s) for c, s in zip(checks, shares) if c.stage == "quorum"]
    d_checks = [(c, s) for c, s in zip(checks, shares) if c.stage == "decision"]

    if q_checks:
        n_alt = len(threshold.quorum)
        alts_zh, alts_en = [], []
        for i in range(n_alt):
            part = [(c, s) for c, s in q_checks if c.alternative == i]
            alts_zh.append("，".join(_check_text(c, b, s, "zh") for c, s in part))
            alts_en.append("; ".join(_check_text(c, b, s, "en") for c, s in part))
        sep_zh, sep_en = ("；或", "; or ") if n_alt > 1 else ("", "")
        intro_zh = "法定人数（满足其一即可）：" if n_alt > 1 else "法定人数："
        intro_en = "quorum (either suffices): " if n_alt > 1 else "quorum: "
        zh.append(intro_zh + sep_zh.join(alts_zh) + ("——法定人数已达到" if quorum_met else "——法定人数未达到"))
        en.append(intro_en + sep_en.join(alts_en) + (" -- quorum met" if quorum_met else " -- quorum NOT met"))
    else:
        zh.append("法律未规定到会法定人数")
        en.append("the law states no attendance quorum")
    if threshold.size_more_than is not None:
        zh.insert(0, f"代表 {n} 人，超过{threshold.size_more_than}人，组成符合要求")
        en.insert(0, f"{n} representatives, more than {threshold.size_more_than}: properly constituted")

    if threshold.decidable:
        zh.append("表决：" + "，".join(_check_text(c, b, s, "zh") for c, s in d_checks))
        en.append("vote: " + "; ".join(_check_text(c, b, s, "en") for c, s in d_checks))

    note = _RESERVED_NOTE if not threshold.decidable else _NOTES.get((b.id, matter))
    if note:
        zh.append(note[0].rstrip("。"))
        en.append(note[1].rstrip("."))
    if b.id == "owners_assembly" and tally.get("heads_entitled", n) != n:
        zh.append(
            f"人数按业主计算：{n} 个专有部分属于 {tally['heads_entitled']} 名业主，"
            f"同一买受人拥有多个专有部分的按一人计算（最高人民法院建筑物区分所有权司法解释第九条）"
        )
        en.append(
            f"heads are counted per owner: {n} units belong to {tally['heads_entitled']} owners, and several "
            f"units held by one buyer count as one person (SPC interpretation on building ownership art. 9)"
        )

    if passed:
        res_zh, res_en = "通过", "passed"
    elif not threshold.decidable:
        res_zh, res_en = "未通过（本会议无权决定该事项）", "not passed (this body may not decide the matter)"
    elif not quorum_met:
        res_zh, res_en = "未通过（未达到法定人数）", "not passed (no quorum)"
    else:
        res_zh, res_en = "未通过（同意票未达到法定比例）", "not passed (yes votes below the required share)"
    return (
        head_zh + "；".join(zh) + f"。结果：{res_zh}。",
        head_en + "; ".join(en) + f". Result: {res_en}.",
    )
