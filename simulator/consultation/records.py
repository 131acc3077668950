"""Records: the consultation record (协商记录, Art. 11) and the readable summary."""

from __future__ import annotations

import numpy as np

from ..i18n import term, texts, yes_no


def record(m, lang: str = "zh") -> dict:
    """Who took part and in what form, positions per round, the result and its publication."""
    spec, people = m.spec, m.people
    names = [g.name(lang) for g in spec.population.groups] + [o.name(lang) for o in spec.population.organisations]
    took_part = m.participants
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


# The readable summary, line by line: (zh, en) templates filled from the summary.
LINES = texts({
    "title": ("== {title}（种子 {seed}）==", "== {title} (seed {seed}) =="),
    "outcome": ("达成共识（{rule}）：{consensus}；协商轮次：{rounds}；用时：{days} 天",
                "Consensus ({rule}): {consensus}; rounds: {rounds}; days to decision: {days}"),
    "decision": ("结果：{decision}；最后提出的方案：{proposal}", "Decision: {decision}; last proposal: {proposal}"),
    "vote": ("提交表决：{reason}", "Escalated: {reason}"),
    "table": ("参与：{participants} 人（邀请 {invited}）；桌上支持 {support_participants}，全体支持 {support_population}"
              "（代表性差距 {representation_gap}）",
              "Participants: {participants} of {invited} invited; support at the table {support_participants}, "
              "in the community {support_population} (representation gap {representation_gap})"),
    "groups": ("各群体（人口占比 / 到场占比 / 发言占比）：", "Groups (population / presence / voice):"),
    "group": ("  {name}：{population_share} / {presence_share} / {voice_share}", "  {name}: {population_share} / {presence_share} / {voice_share}"),
    "cost": ("成本：{person_hours} 人·小时，{meetings} 次会议；预计遵守率：{expected_compliance}",
             "Cost: {person_hours} person-hours, {meetings} meeting(s); expected compliance: {expected_compliance}"),
    "audit": ("程序合规检查：", "Procedural audit:"),
    "check": ("  {mark} {article} {requirement}：{detail}", "  {mark} {article} {requirement}: {detail}"),
})
SHARES = ("support_participants", "support_population", "representation_gap", "expected_compliance",
          "population_share", "presence_share", "voice_share")


def _fill(key: str, values: dict, lang: str) -> str:
    shown = {k: ("-" if v is None else f"{v:.0%}") if k in SHARES else v for k, v in values.items()}
    return LINES[key](lang, **shown)


def render(summary: dict, option_names: dict[str, str], lang: str = "zh") -> str:
    """A short, readable summary of one run for the terminal."""
    name = lambda o: option_names.get(o, o) if o else term("none", lang)  # noqa: E731
    values = {
        **summary,
        "rule": term(summary["consensus_rule"], lang),
        "consensus": yes_no(summary["consensus"], lang),
        "days": f"{summary['days']:g}",
        "decision": name(summary["decision"]),
        "proposal": name(summary["proposal"]),
        "person_hours": f"{summary['person_hours']:g}",
    }
    lines = [_fill(k, values, lang) for k in ("title", "outcome", "decision")]
    if summary["vote"]:
        lines.append(_fill("vote", summary["vote"], lang))
    lines += [_fill("table", values, lang), _fill("groups", {}, lang)]
    lines += [_fill("group", g, lang) for g in summary["groups"].values()]
    lines += [_fill("cost", values, lang), _fill("audit", {}, lang)]
    lines += [_fill("check", {**c, "mark": "✓" if c["passed"] else "✗"}, lang) for c in summary["audit"]]
    return "\n".join(lines)
