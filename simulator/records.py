"""Records: the consultation record (协商记录, Art. 11) and the readable summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .i18n import term

if TYPE_CHECKING:
    from .model import ConsultationModel

def record(m: ConsultationModel, lang: str = "zh") -> dict:
    """Who took part and in what form, positions per round, the result and its publication."""
    spec, people = m.spec, m.people
    names = [g.name(lang) for g in spec.population.groups] + [o.name(lang) for o in spec.population.organisations]
    took_part = m.attended | m.written
    options = spec.option_ids()
    positions = []
    for r, utility in enumerate(m.stance_history):
        favourite = np.argmax(utility[took_part], axis=1) if took_part.any() else np.zeros(0, dtype=int)
        counts = np.bincount(favourite, minlength=len(options))
        positions.append({"round": r, "preferred": dict(zip(options, counts.tolist()))})
    return {
        "scenario": spec.title(lang),
        "form": term(spec.procedure.form.mode, lang),
        "participants": {
            names[c]: int(n) for c, n in enumerate(np.bincount(people.group[took_part], minlength=len(names))) if n
        },
        "positions": positions,
        "stages": [{"stage": s.stage, "day": s.day, "round": s.round, **s.detail} for s in m.records],
        "result": None if m.decision is None else spec.issue.options[m.decision].name(lang),
        "published": list(spec.procedure.publication.channels),
    }


def render(summary: dict, option_names: dict[str, str], lang: str = "zh") -> str:
    """A short, readable summary of one run for the terminal."""
    en = lang == "en"
    yes, no = ("yes", "no") if en else ("是", "否")
    name = lambda o: option_names.get(o, o) if o else ("none" if en else "无")  # noqa: E731
    rule = term(summary["consensus_rule"], lang)
    lines = [
        f"== {summary['title']} (seed {summary['seed']}) ==",
    ]
    if en:
        lines += [
            f"Consensus ({rule}): {yes if summary['consensus'] else no}; rounds: {summary['rounds']}; days to decision: {summary['days']:g}",
            f"Decision: {name(summary['decision'])}; last proposal: {name(summary['proposal'])}",
        ]
    else:
        lines += [
            f"达成共识（{rule}）：{yes if summary['consensus'] else no}；协商轮次：{summary['rounds']}；用时：{summary['days']:g} 天",
            f"结果：{name(summary['decision'])}；最后提出的方案：{name(summary['proposal'])}",
        ]
    vote = summary["vote"]
    if vote:
        lines.append(("Escalated: " if en else "提交表决：") + vote["reason"])
    lines.append(
        (f"Participants: {summary['participants']} of {summary['invited']} invited; support at the table "
         f"{summary['support_participants']:.0%}, in the community {summary['support_population']:.0%} "
         f"(gap {summary['representation_gap']:.0%})")
        if en
        else (f"参与：{summary['participants']} 人（邀请 {summary['invited']}）；桌上支持 {summary['support_participants']:.0%}，"
              f"全体支持 {summary['support_population']:.0%}（代表性差距 {summary['representation_gap']:.0%}）")
    )
    lines.append("Groups (population / presence / voice):" if en else "各群体（人口占比 / 到场占比 / 发言占比）：")
    for g in summary["groups"].values():
        lines.append(f"  {g['name']}: {g['population_share']:.0%} / {g['presence_share']:.0%} / {g['voice_share']:.0%}")
    compliance = summary["expected_compliance"]
    lines.append(
        (f"Cost: {summary['person_hours']:g} person-hours, {summary['meetings']} meeting(s); expected compliance: "
         + ("-" if compliance is None else f"{compliance:.0%}"))
        if en
        else (f"成本：{summary['person_hours']:g} 人·小时，{summary['meetings']} 次会议；预计遵守率："
              + ("-" if compliance is None else f"{compliance:.0%}"))
    )
    lines.append("Procedural audit:" if en else "程序合规检查：")
    for c in summary["audit"]:
        mark = "✓" if c["passed"] else "✗"
        lines.append(f"  {mark} {c['article']} {c['requirement']}: {c['detail']}" if en else f"  {mark} {c['article']} {c['requirement']}：{c['detail']}")
    return "\n".join(lines)
