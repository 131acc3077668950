"""The vote: count an electorate's votes exactly against the body's threshold for the matter."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import BilingualError, Text
from .ballots import VOTES, area_values, group_codes, vote_codes
from .bodies import BODIES
from .exact import exact_area_sums, to_float
from .local import LocalCheck, check_local
from .matters import MATTER_TABLE, wrong_body
from .reasons import fmt_area, reason
from .thresholds import MATTER_NAMES, Requirement, Threshold, check_body_matter, threshold_for

VERDICT = {True: Text("通过", "passed"), False: Text("未通过", "not passed")}
_VOTE_NAMES_ZH = {"yes": "同意", "no": "反对", "abstain": "弃权", "absent": "未参加"}


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
    reason: Text
    tally: dict = field(default_factory=dict)
    threshold: Threshold | None = None
    checks: tuple[Check, ...] = ()
    local: tuple[LocalCheck, ...] = ()  # local rules on top of the statute; all must be met too
    statutory_passed: bool | None = None  # the statute's verdict alone (None: same as ``passed``)
    parts: tuple[tuple[Text, "Decision"], ...] = ()  # each village's own vote (Art. 10), when several

    @property
    def statute_met(self) -> bool:
        return self.passed if self.statutory_passed is None else self.statutory_passed

    def explain(self, lang: str = "zh") -> str:
        """A short human-readable account of the decision."""
        b, t = BODIES[self.body], self.tally
        verdict = VERDICT[self.passed]
        name = matter_name(self.matter)
        lines = [
            Text(f"{b.name.zh}·{name.zh}：{verdict.zh}", f"{b.name.en}, {name.en}: {verdict.en}"),
            self.reason,
            Text("计票：同意 {yes}，反对 {no}，弃权 {abstain}，未参加 {absent}（应到 {entitled}，实到 {present}）。",
                 "Votes: yes {yes}, no {no}, abstain {abstain}, absent {absent} (entitled {entitled}, present {present}).").format(**t),
        ]
        if "heads_entitled" in t:
            areas = {k: fmt_area(t[k]) for k in ("area_total", "area_present", "area_yes")}
            lines.append(Text(
                "业主人数：{heads_entitled} 人中 {heads_present} 人参与表决，{heads_yes} 人同意；专有部分面积 {area_total}㎡ 中 "
                "{area_present}㎡ 参与表决，{area_yes}㎡ 同意。",
                "Owners (heads): {heads_present} of {heads_entitled} taking part, {heads_yes} yes; floor area {area_present} of "
                "{area_total} m² taking part, {area_yes} m² yes.").format(**{**t, **areas}))
        lines += [c.text for c in self.local]
        text = "\n".join(line(lang) for line in lines)
        for village, part in self.parts:
            text += "\n" + Text("【{v}】", "[{v}] ")(lang, v=village(lang)) + part.explain(lang)
        return text

    def as_dict(self) -> dict[str, Any]:
        """Plain data (for JSON / reports)."""
        return {
            "body": self.body, "matter": self.matter, "passed": self.passed, "quorum_met": self.quorum_met,
            "reason": self.reason._asdict(), "tally": dict(self.tally),
            "threshold": None if self.threshold is None else self.threshold.text._asdict(),
            "statute_met": self.statute_met, "local": [c.as_dict() for c in self.local],
            "villages": [{"village": v._asdict(), **p.as_dict()} for v, p in self.parts],
            "checks": [{"stage": c.stage, "measure": c.requirement.measure, "base": c.requirement.base,
                        "op": c.requirement.op, "fraction": str(c.requirement.fraction), "part": c.part,
                        "whole": c.whole, "met": c.met, "alternative": c.alternative} for c in self.checks],
        }


def matter_name(matter: str) -> Text:
    """A matter's name: a matter of the table, or a bare threshold class."""
    return MATTER_TABLE[matter].name if matter in MATTER_TABLE else MATTER_NAMES[matter]


def threshold_class(body: str, matter: str) -> str:
    """The threshold class (``ordinary``/``major``) ``body`` applies to ``matter``; raises when the
    law does not let ``body`` decide it."""
    if isinstance(matter, str) and matter in MATTER_TABLE:
        check_body_matter(body, MATTER_TABLE[matter].threshold)
        problem = wrong_body(matter, body)
        if problem is not None:
            raise problem
        return MATTER_TABLE[matter].threshold
    check_body_matter(body, matter)
    return matter


def decide(body: str, matter: str, electorate: pd.DataFrame, local_rules=(), group_names=None,
           signatures: pd.DataFrame | None = None) -> Decision:
    """Count a vote of ``body`` on a ``matter``: a matter of :data:`MATTER_TABLE` (the body must be
    one the law allows) or a bare threshold class (``ordinary``/``major``).

    ``local_rules`` (each with ``kind``, ``share``, ``groups``, ``source``) must all be met as
    well; they count the households of ``signatures`` (default: the electorate) and need its
    ``household`` column (and ``group``, ``compensation`` for ``consent_of``).

    ``electorate``: one row per entitled voter, column ``vote`` in
    ``yes``/``no``/``abstain``/``absent``; ``area`` (required for the owners'
    assembly), ``owner`` (owners' assembly: units of one owner count as one
    head) and ``household`` (villagers' meeting: alternative quorum) optional.
    Raises :class:`BilingualError` (a ``ValueError``) on malformed input.
    The input frame is never modified.
    """
    cls = threshold_class(body, matter)
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
    codes = vote_codes(electorate)
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
        area = area_values(electorate)
        if "owner" in electorate.columns:
            ocodes, owners = group_codes(electorate, "owner", "业主", "owner")
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
        sums = exact_area_sums(area, codes, 4)
        a_total = sums[0] + sums[1] + sums[2] + sums[3]
        a_present = sums[0] + sums[1] + sums[2]
        exact.update(total_area=a_total, present_area=a_present, yes_area=sums[0])
        tally.update(
            area_total=to_float(a_total),
            area_present=to_float(a_present),
            area_yes=to_float(sums[0]),
            area_no=to_float(sums[1]),
            area_abstain=to_float(sums[2]),
            area_absent=to_float(sums[3]),
        )
        display = {k: to_float(v) for k, v in exact.items()}
    elif body == "villagers_meeting" and "household" in electorate.columns:
        with_households = True
        hcodes, households = group_codes(electorate, "household", "户", "household")
        h = len(households)
        present_rows = codes < 3
        represented = int(np.count_nonzero(np.bincount(hcodes[present_rows], minlength=h)))
        tally.update(households=h, households_present=represented)
        exact.update(households=h, present_households=represented)
        display.update(households=float(h), present_households=float(represented))

    threshold = threshold_for(body, cls, with_households=with_households)

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

    for req in threshold.decision:
        c, s = evaluate(req, "decision")
        checks.append(c)
        shares.append(s)
    dec_checks = [c for c in checks if c.stage == "decision"]
    statute = bool(size_ok and quorum_met and all(c.met for c in dec_checks))
    signed = electorate if signatures is None else signatures
    local = tuple(check_local(rule, signed, group_names) for rule in local_rules)
    passed = statute and all(c.met for c in local)

    written = reason(b, cls, threshold, checks, shares, quorum_met, statute, size_ok, n, tally)
    if matter in MATTER_TABLE:
        m = MATTER_TABLE[matter]
        written = Text(f"事项：{m.name.zh}（{m.law.zh}）。{written.zh}", f"Matter: {m.name.en} ({m.law.en}). {written.en}")
    if statute and not passed:
        written = Text(written.zh + "但地方规则未满足，最终未通过。", written.en + " But a local rule is not met, so it does not pass.")
    return Decision(
        body=body,
        matter=matter,
        passed=passed,
        local=local,
        statutory_passed=statute,
        quorum_met=bool(quorum_met),
        reason=written,
        tally=tally,
        threshold=threshold,
        checks=tuple(checks),
    )
