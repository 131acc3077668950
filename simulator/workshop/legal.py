"""The vote as the workshop shows it: the table recommends, the body the law names decides.

What the vote tab, the result cards and the handout read from a finished run: whether the table
agreed, the matter of its proposal and the body the law reserves it to (with the article), the
statutory vote (each village's, where several vote), each local rule with its tally, and what
followed the decision. Every number a trainer reads is a count or a percentage.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..consultation.procedure import needs_vote
from ..consultation import records
from ..consultation.records import LINES
from ..consultation.runs import Run
from ..i18n import Text, listing, term, yes_no
from ..law import BODIES, MATTER_TABLE, Decision, Matter
from ..law.local import KIND_NAMES
from .text import TEXT

SEP = Text("；", "; ")


@dataclass(frozen=True)
class Rule:
    """One local rule as judged in one vote."""

    label: str
    met: bool
    share: float  # consenting households, of those the rule counts
    need: float  # the share the rule needs
    numbers: str  # its tally, for a reader
    brief: str  # its tally, for a chart
    source: str


@dataclass(frozen=True)
class Part:
    """One body's vote: the only one, or one village's (Art. 10)."""

    village: str | None
    decision: Decision
    rules: tuple[Rule, ...]


def percent(value: float | None) -> str:
    """A share as a whole percentage; a dash when there is none."""
    return "—" if value is None else f"{value:.0%}"


def matter(result: Run) -> Matter:
    """The matter of the table's last proposal."""
    model = result.model
    return MATTER_TABLE[model.spec.issue.options[model.proposal].legal_class]


def group_names(result: Run, lang: str) -> dict[str, str]:
    """Every group's and organisation's name, by id."""
    population = result.model.spec.population
    return {g.id: g.name(lang) for g in (*population.groups, *population.organisations)}


def parts(result: Run, lang: str) -> list[Part]:
    """The vote, body by body (one per village where several vote); [] without a vote."""
    decision = result.model.vote
    if decision is None:
        return []
    if decision.parts:  # named from the scenario, in the order the villages voted
        names = [v.name(lang) for v in result.model.spec.population.villages]
        pairs = list(zip(names, (part for _, part in decision.parts)))
    else:
        pairs = [(None, decision)]
    return [Part(village, part, tuple(_rules(result, part, lang))) for village, part in pairs]


def _rules(result: Run, decision: Decision, lang: str) -> list[Rule]:
    names = group_names(result, lang)
    out = []
    for rule, check in zip(result.model.spec.procedure.escalation.local_rules, decision.local):
        t = check.tally
        label = KIND_NAMES[rule.kind].format(
            share=f"{rule.share * 100:g}%", groups=listing([names.get(g, g) for g in rule.groups], lang))(lang)
        numbers = TEXT["consent"](lang, consent=t["consent"], households=t["households"])
        brief = TEXT["consent_brief"](lang, consent=t["consent"], households=t["households"])
        if rule.kind == "share_without_objection":
            numbers += TEXT["objecting"](lang, n=t["object"])
            brief += TEXT["objecting"](lang, n=t["object"])
        elif t.get("compensation"):
            numbers += TEXT["compensated"](lang, n=t["compensation"])
        share = t["consent"] / t["households"] if t["households"] else float(check.met)
        need = rule.share if rule.kind == "share_without_objection" else 1.0
        out.append(Rule(label, check.met, share, need, numbers, brief, rule.source(lang) if rule.source else ""))
    return out


def passed(flag: bool, lang: str) -> str:
    return TEXT["passed" if flag else "failed"](lang)


def verdict_note(result: Run, lang: str) -> str:
    """Why the vote ended as it did: the villages' rule, a local rule that stopped it, or the statute."""
    decision = result.model.vote
    if decision.parts:
        return TEXT["all_villages" if result.model.spec.procedure.escalation.villages_must_pass == "all" else "most_villages"](lang)
    if decision.statute_met and not decision.passed:
        return TEXT["local_blocks"](lang)
    if not decision.statute_met:
        return TEXT["statute_blocks"](lang)
    return TEXT["all_met" if decision.local else "statute_met"](lang)


def no_vote(result: Run, lang: str) -> str:
    """What happened instead of a vote."""
    if result.summary["decision"] is not None and not needs_vote(result.model, result.model.proposal):
        return TEXT["settled"](lang)
    return TEXT["closed"](lang)


def implemented(result: Run, lang: str) -> str:
    """Whether the decision was carried out, and who stopped it."""
    s = result.summary
    if s["decision"] is None:
        return TEXT["nothing"](lang)
    if s["implemented"]:
        return TEXT["implemented_yes"](lang)
    return TEXT["implemented_no"](lang, groups=records.named(result.summary["blocked_by"], group_names(result, lang), lang))


def changers(result: Run, lang: str) -> str:
    """The groups the decision asks to change or pay, by name ('' without a decision)."""
    s = result.summary
    if s["decision"] is None:
        return ""
    option = next(o for o in result.model.spec.issue.options if o.id == s["decision"])
    names = group_names(result, lang)
    return listing([names.get(g, g) for g in option.pays], lang)


def compliance_of_changers(result: Run, lang: str) -> str:
    """The expected compliance of those who must change, with their names."""
    s = result.summary
    if s["decision"] is None:
        return "—"
    if s["compliance_of_those_who_change"] is None:
        return TEXT["nobody_changes"](lang)
    return TEXT["with"](lang, value=percent(s["compliance_of_those_who_change"]), note=changers(result, lang))


def _checks(part: Part, lang: str) -> list[str]:
    body = BODIES[part.decision.body]
    return [TEXT["check"](lang, requirement=c.requirement.text(body, lang), share=percent(c.share),
                          met=TEXT["met" if c.met else "unmet"](lang))
            for c in part.decision.checks if c.share is not None]


def rows(result: Run, lang: str) -> list[tuple[str, str, bool | None, str]]:
    """The vote tab's table: (step, result, met — None when neither, detail)."""
    s, model = result.summary, result.model
    m = matter(result)
    sep = SEP(lang)
    out = [(TEXT["table"](lang), TEXT["consensus_yes" if s["consensus"] else "consensus_no"](lang), None,
            TEXT["table_detail"](lang, proposal=model.spec.option_names(lang)[s["proposal"]], rule=term(s["consensus_rule"], lang))),
           (TEXT["matter"](lang), m.name(lang), None,
            TEXT["reserved"](lang, bodies=m.required_bodies(lang), law=m.law(lang)) if m.reserved
            else TEXT["not_reserved"](lang, law=m.law(lang)))]
    decision = model.vote
    if decision is None:
        out.append((TEXT["verdict"](lang), no_vote(result, lang), None, ""))
    else:
        body = BODIES[decision.body].name(lang)
        for part in parts(result, lang):
            step = TEXT["statute"](lang, body=body) if part.village is None else TEXT["village_vote"](lang, village=part.village, body=body)
            detail = sep.join([TEXT["tally"](lang, **part.decision.tally), *_checks(part, lang)])
            out.append((step, passed(part.decision.statute_met, lang), part.decision.statute_met, detail))
            for rule in part.rules:
                name = TEXT["local"](lang, rule=rule.label)
                if part.village is not None:
                    name = TEXT["village_vote"](lang, village=part.village, body=name)
                detail = TEXT["local_detail"](lang, numbers=rule.numbers, source=rule.source) if rule.source else rule.numbers
                out.append((name, TEXT["met" if rule.met else "unmet"](lang), rule.met, detail))
        out.append((TEXT["verdict"](lang), passed(decision.passed, lang), decision.passed, verdict_note(result, lang)))
    if s["aftermath"] is not None:
        a = {**s["aftermath"], "revoked": yes_no(s["aftermath"]["revoked"], lang)}
        out.append((TEXT["after"](lang), implemented(result, lang), s["implemented"], LINES["aftermath_detail"](lang, **a)))
        by_group = s["compliance_by_group"] or {}
        names = group_names(result, lang)
        shares = listing((TEXT["share_of"](lang, name=names.get(g, g), share=percent(v)) for g, v in by_group.items()), lang)
        out.append((TEXT["change"](lang), compliance_of_changers(result, lang), None, TEXT["by_group"](lang, groups=shares)))
    return out


def vote_html(result: Run, lang: str) -> str:
    """The vote tab: the lesson, then each step from the table's agreement to the implementation."""
    head = "".join(f"<th>{TEXT[k](lang)}</th>" for k in ("step", "result", "detail"))
    body = "".join(
        f"<tr class='{'' if met is None else 'xs-pass' if met else 'xs-fail'}'><td>{html.escape(step)}</td>"
        f"<td>{html.escape(value)}</td><td>{html.escape(detail)}</td></tr>" for step, value, met, detail in rows(result, lang))
    return f"<p class='xs-lesson'>{TEXT['lesson'](lang)}</p><table class='xs-table xs-vote-table'><tr>{head}</tr>{body}</table>"


def short(result: Run, lang: str) -> str:
    """The legal result in a sentence or two, for the printed handout: verdict and tally, not the whole reason."""
    s, decision = result.summary, result.model.vote
    table = TEXT["consensus_yes" if s["consensus"] else "consensus_no"](lang)
    sep = SEP(lang)
    if decision is None:
        return TEXT["short_none"](lang, lesson=TEXT["lesson"](lang), what=no_vote(result, lang))
    tallies = []
    for part in parts(result, lang):
        t = TEXT["tally"](lang, **part.decision.tally)
        if part.village is not None:
            tallies.append(TEXT["short_village"](lang, village=part.village, verdict=passed(part.decision.passed, lang), tally=t))
        else:
            tallies.append(t)
        for r in part.rules:
            rule = r.label if part.village is None else TEXT["village_vote"](lang, village=part.village, body=r.label)
            tallies.append(TEXT["short_local"](lang, rule=rule, numbers=r.numbers, met=TEXT["met" if r.met else "unmet"](lang)))
    return TEXT["short"](lang, lesson=TEXT["lesson"](lang), table=table, body=BODIES[decision.body].name(lang),
                         matter=matter(result).name(lang), verdict=passed(decision.passed, lang), tally=sep.join(tallies))
