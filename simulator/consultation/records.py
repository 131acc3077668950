"""Records: the consultation record (协商记录, Art. 11) and the readable summary."""

from __future__ import annotations

import numpy as np

from ..i18n import Text, listing, term, texts, yes_no
from ..law import BODIES


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
    "proposals": ("住户提出的方案：{items}", "Residents' proposals: {items}"),
    "lesson": ("协商会议提出建议，{body}表决决定：协商会议{table}，表决{verdict}",
               "The table recommends, the {body} decides: the table {table}; the vote {verdict}"),
    "statute": ("法定门槛{met}", "statutory threshold {met}"),
    "local": ("地方规则 {n} 条中 {met} 条达到", "{met} of {n} local rule(s) met"),
    "village": ("{village}{verdict}（同意 {yes}，应到 {entitled}，实到 {present}）",
                "{village} {verdict} (yes {yes}, entitled {entitled}, present {present})"),
    "verdict": ("表决结论：{items}", "The vote: {items}"),
    "vote": ("提交表决：{reason}", "Escalated: {reason}"),
    "table": ("参与：{participants} 人（邀请 {invited}）；桌上支持 {support_participants}，全体支持 {support_population}"
              "（代表性差距 {representation_gap}）",
              "Participants: {participants} of {invited} invited; support at the table {support_participants}, "
              "in the community {support_population} (representation gap {representation_gap})"),
    "groups": ("各群体（人口占比 / 到场占比 / 意见占比（含书面意见） / 发言占比 / 影响力占比）：",
               "Groups (population / presence / input, written views included / voice / influence):"),
    "group": ("  {name}：{population_share} / {presence_share} / {input_share} / {voice_share} / {influence_share}",
              "  {name}: {population_share} / {presence_share} / {input_share} / {voice_share} / {influence_share}"),
    "cost": ("成本：{person_hours} 人·小时，{cost_yuan} 元，{meetings} 次会议；预计遵守率：{expected_compliance}",
             "Cost: {person_hours} person-hours, {cost_yuan} yuan, {meetings} meeting(s); expected compliance: {expected_compliance}"),
    "implemented": ("实施：{state}", "Implemented: {state}"),
    "nothing": ("无（没有作出决定）", "nothing (no decision)"),
    "blocked": ("否，阻止实施的群体：{groups}", "no, blocked by {groups}"),
    "nobody": ("没有须作出改变的群体", "no group must change"),
    "aftermath": ("决定之后：{detail}", "After the decision: {detail}"),
    "aftermath_detail": ("受决定不利影响 {harmed} 户；阻挠施工 {obstructions} 户（未化解 {lasting_obstructions} 户）；"
                         "请求法院撤销 {suits} 户，决定被撤销：{revoked}",
                         "{harmed} households harmed; {obstructions} obstruct the works ({lasting_obstructions} not cleared); "
                         "{suits} ask a court to revoke it; revoked: {revoked}"),
    "change": ("须作出改变的群体预计遵守率：{compliance_of_those_who_change}；各群体：{groups}",
               "Expected compliance of those who must change: {compliance_of_those_who_change}; by group: {groups}"),
    "audit": ("程序合规检查：", "Procedural audit:"),
    "check": ("  {mark} {article} {requirement}：{detail}", "  {mark} {article} {requirement}: {detail}"),
})
SHARES = ("support_participants", "support_population", "representation_gap", "expected_compliance",
          "population_share", "presence_share", "input_share", "voice_share", "influence_share", "compliance_of_those_who_change")
_MET = texts({"met": ("达到", "met"), "unmet": ("未达到", "not met"), "passed": ("通过", "passed"),
              "failed": ("未通过", "did not pass"), "agreed": ("达成共识", "agreed"), "split": ("未达成共识", "did not agree"),
              "tabled": ("已上桌", "tabled"), "unheard": ("议题收集渠道没有听到提出者，未上桌", "not tabled: the topic channels did not hear its proposers")})
_SEP = Text("；", "; ")


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
        "cost_yuan": f"{summary['cost_yuan']:g}",
    }
    lines = [_fill(k, values, lang) for k in ("title", "outcome", "decision")]
    if summary.get("residents_proposals"):  # Art. 4(5): tabled only if the topic channels heard its proposers
        lines.append(LINES["proposals"](lang, items=_SEP(lang).join(
            Text("{o}（{t}）", "{o} ({t})")(lang).format(o=name(o), t=_MET["tabled" if t else "unheard"](lang))
            for o, t in summary["residents_proposals"].items())))
    if summary["vote"]:
        lines += _vote(summary, lang)
    lines += [_fill("table", values, lang), _fill("groups", {}, lang)]
    lines += [_fill("group", g, lang) for g in summary["groups"].values()]
    lines += [_fill("cost", values, lang), *_after(summary, lang), _fill("audit", {}, lang)]
    lines += [_fill("check", {**c, "mark": "✓" if c["passed"] else "✗"}, lang) for c in summary["audit"]]
    return "\n".join(lines)


def _vote(summary: dict, lang: str) -> list[str]:
    """The table recommends, the body decides: the verdict in one line (the statute, the local rules,
    each village), then the body's full reason (which gives each local rule and village in detail)."""
    vote, word = summary["vote"], lambda key: _MET[key](lang)  # noqa: E731
    lesson = LINES["lesson"](lang, body=BODIES[summary["decision_body"]].name(lang),
                             table=word("agreed" if summary["consensus"] else "split"),
                             verdict=word("passed" if vote["passed"] else "failed"))
    items = [] if vote["villages"] else [LINES["statute"](lang, met=word("met" if vote["statute_met"] else "unmet"))]
    if vote["local_rules"]:
        items.append(LINES["local"](lang, met=sum(c["met"] for c in vote["local_rules"]), n=len(vote["local_rules"])))
    items += [LINES["village"](lang, village=v["village"], verdict=word("passed" if v["passed"] else "failed"), **v["tally"])
              for v in vote["villages"]]
    return [lesson, LINES["verdict"](lang, items=_SEP(lang).join(items)), _fill("vote", vote, lang)]


def named(ids, names: dict[str, str], lang: str) -> str:
    """Groups by name, for reading ('none' when there are none)."""
    return listing([names.get(g, g) for g in ids], lang) or term("none", lang)


def _after(summary: dict, lang: str) -> list[str]:
    """Whether the decision was carried out, who stopped it, and whether those who must change will comply."""
    if summary["decision"] is None:
        return [LINES["implemented"](lang, state=LINES["nothing"](lang))]
    names = {g: v["name"] for g, v in summary["groups"].items()}
    state = yes_no(True, lang) if summary["implemented"] else LINES["blocked"](lang, groups=named(summary["blocked_by"], names, lang))
    lines = [LINES["implemented"](lang, state=state)]
    if summary["aftermath"] is not None:
        detail = LINES["aftermath_detail"](lang, **{**summary["aftermath"], "revoked": yes_no(summary["aftermath"]["revoked"], lang)})
        lines.append(LINES["aftermath"](lang, detail=detail))
    by_group = summary["compliance_by_group"] or {}
    groups = listing((f"{names.get(g, g)} {v:.0%}" for g, v in by_group.items()), lang) or term("none", lang)
    changers = summary["compliance_of_those_who_change"]
    lines.append(LINES["change"](lang, groups=groups, compliance_of_those_who_change=LINES["nobody"](lang) if changers is None else f"{changers:.0%}"))
    return lines
