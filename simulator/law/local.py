"""Local rules: stricter rules a community or city adds on top of the statutory vote; both must pass.

* ``unanimity`` -- every household on the roll consents (the common "everyone signs" practice
  for a stairwell's lift);
* ``share_without_objection`` -- at least ``share`` of the households consent and none objects
  (Shanghai's 2016 lift rule: 90% of the block and no clear objection; ``calibration-facts.md`` E2);
* ``consent_of`` -- every household of the named ``groups`` consents in writing, or signs a
  compensation agreement when the option compensates them.

A household consents when all its voters vote yes; it objects when any votes no.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pandas as pd

from ..i18n import BilingualError, Text

KINDS: tuple[str, ...] = ("unanimity", "share_without_objection", "consent_of")

KIND_NAMES = {
    "unanimity": Text("全体住户一致同意", "every household consents"),
    "share_without_objection": Text("{share}以上住户同意且无明确反对", "at least {share} of households consent and none objects"),
    "consent_of": Text("{groups}书面同意或签订补偿协议", "written consent, or a compensation agreement, of {groups}"),
}


@dataclass(frozen=True)
class LocalCheck:
    """One local rule judged on the votes."""

    kind: str
    met: bool
    tally: dict = field(default_factory=dict)
    text: Text = Text("", "")

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "met": self.met, "tally": dict(self.tally), "text": self.text._asdict()}


def _households(electorate: pd.DataFrame) -> pd.DataFrame:
    """One row per household: consents (all its voters yes), objects (any no), group, by compensation."""
    if "household" not in electorate.columns:
        raise BilingualError("地方规则需要选民名单的 household 列。", "local rules need the electorate's 'household' column.")
    frame = pd.DataFrame({
        "household": electorate["household"].to_numpy(),
        "yes": (electorate["vote"] == "yes").to_numpy(),
        "no": (electorate["vote"] == "no").to_numpy(),
        "group": electorate["group"].to_numpy() if "group" in electorate.columns else "",
        "compensation": electorate["compensation"].to_numpy(dtype=bool) if "compensation" in electorate.columns else False,
    })
    return frame.groupby("household", sort=True).agg(
        consents=("yes", "all"), objects=("no", "any"), group=("group", "first"), compensation=("compensation", "any"))


def check_local(rule: Any, electorate: pd.DataFrame, group_names: dict[str, Text] | None = None) -> LocalCheck:
    """Judge one local rule (``rule.kind``, ``rule.share``, ``rule.groups``, ``rule.source``) on the votes."""
    hh = _households(electorate)
    names = group_names or {}
    source = getattr(rule, "source", None)
    cite = Text(f"（{source.zh}）", f" ({source.en})") if source else Text("", "")
    kind = rule.kind
    if kind == "unanimity":
        total, yes = len(hh), int(hh.consents.sum())
        met = total > 0 and yes == total
        label = KIND_NAMES[kind]
        tally = {"households": total, "consent": yes}
        nums = Text(f"{yes}/{total} 户同意", f"{yes} of {total} households consent")
    elif kind == "share_without_objection":
        total, yes, no = len(hh), int(hh.consents.sum()), int(hh.objects.sum())
        share = Fraction(str(rule.share))
        met = total > 0 and yes * share.denominator >= share.numerator * total and no == 0  # 以上: includes the number
        pct = f"{float(share) * 100:g}%"
        label = KIND_NAMES[kind].format(share=pct)
        tally = {"households": total, "consent": yes, "object": no}
        nums = Text(f"{yes}/{total} 户同意，{no} 户明确反对", f"{yes} of {total} households consent, {no} object")
    elif kind == "consent_of":
        if "group" not in electorate.columns:
            raise BilingualError("consent_of 需要选民名单的 group 列。", "consent_of needs the electorate's 'group' column.")
        mine = hh[hh.group.isin(list(rule.groups))]
        total, yes = len(mine), int(mine.consents.sum())
        paid = int((mine.consents & mine.compensation).sum())
        met = total > 0 and yes == total  # no one of the groups counted: no consent was given
        who = [names.get(g, Text(g, g)) for g in rule.groups]
        label = Text(KIND_NAMES[kind].zh.format(groups="、".join(w.zh for w in who)),
                     KIND_NAMES[kind].en.format(groups=", ".join(w.en for w in who)))
        tally = {"households": total, "consent": yes, "compensation": paid}
        nums = Text(f"{yes}/{total} 户同意（其中 {paid} 户签订补偿协议）", f"{yes} of {total} households consent ({paid} by a compensation agreement)")
    else:  # pragma: no cover - validated in the scenario
        raise BilingualError(f"未知的地方规则：{kind!r}", f"unknown local rule {kind!r}")
    verdict = Text("达到", "met") if met else Text("未达到", "not met")
    text = Text(f"地方规则“{label.zh}”{cite.zh}：{nums.zh}——{verdict.zh}",
                f"local rule \"{label.en}\"{cite.en}: {nums.en} -- {verdict.en}")
    return LocalCheck(kind, bool(met), tally, text)
