"""Why a practice consultation went as it did, in plain words: the outcome, which groups objected and
why (the options' effects), who was missing from the table, which article of the norms or which law
the path fell short of, and how the path did over the seeds."""

from __future__ import annotations

import numpy as np

from ..consultation import metrics
from ..i18n import Text
from ..law import BODIES
from ..law.audit import audit as procedural_audit
from .seen import names, why
from .text import DEBRIEF, SEEN, fill


def _name(option) -> Text:
    return Text(option.name.zh, option.name.en)


def outcome_reasons(model) -> list[Text]:
    """The outcome of the person's own run, with the vote's written reason."""
    spec, out = model.spec, []
    option = spec.issue.options[model.proposal]
    if model.consensus:
        out.append(fill(DEBRIEF["agreed"], option=_name(option)))
    if model.vote is not None:
        v = model.vote
        out.append(fill(DEBRIEF["vote"], body=BODIES[v.body].name, option=_name(option),
                        verdict=DEBRIEF["passed" if v.passed else "failed"], reason=v.reason))
    elif model.decision is None:
        out.append(fill(DEBRIEF["closed"], rounds=model.round))
    if model.decision is not None and model.aftermath is not None and not model.aftermath.implemented:
        labels = dict(zip(model.people.who, names(spec)))
        blockers = [labels.get(g, Text(g, g)) for g in model.aftermath.blocked_by]
        out.append(fill(DEBRIEF["blocked"], groups=Text("、".join(b.zh for b in blockers), ", ".join(b.en for b in blockers))))
    return out


def objections(model) -> list[Text]:
    """The household groups most of whom cannot live with the proposal at the end, and why."""
    spec, people = model.spec, model.people
    option, labels, out = spec.issue.options[model.proposal], names(spec), []
    accept = spec.procedure.consensus.accept
    for code, group in enumerate(spec.population.groups):
        rows = np.flatnonzero(people.is_household & (people.group == code))
        if not len(rows) or np.mean(people.utility[rows, model.proposal] >= accept) >= 0.5:
            continue
        reason = why(spec, option, group.id, likes=False)
        table = np.flatnonzero(model.on_table)
        best = int(table[np.argmax(people.utility[rows][:, table].mean(axis=0))])
        if best != model.proposal:
            prefer = fill(SEEN["prefer"], option=_name(spec.issue.options[best]))
            reason = Text(reason.zh + prefer.zh, f"{reason.en} {prefer.en}")
        out.append(fill(DEBRIEF["objects"], group=labels[code], option=_name(option), why=reason))
    return out


def missing(model) -> list[Text]:
    """Groups with less than half their household share at the table; offline households' input."""
    out = []
    labels = names(model.spec)
    for code, g in enumerate(metrics.groups(model).values()):
        if g["presence_share"] < 0.5 * g["population_share"]:
            out.append(fill(DEBRIEF["missing"], group=labels[code], population=g["population_share"], presence=g["presence_share"]))
    people, hh = model.people, model.people.is_household
    offline_pop = float((~people.digital[hh]).mean())
    took = model.participants & hh
    offline_in = float((took & ~people.digital).sum() / took.sum()) if took.any() else 0.0
    if offline_pop >= 0.05 and offline_in < 0.5 * offline_pop:
        out.append(fill(DEBRIEF["offline"], population=offline_pop, input=offline_in))
    return out


def shortfalls(model) -> list[Text]:
    """The audit's failed checks: the article and what was lacking."""
    zh, en = procedural_audit(model, "zh"), procedural_audit(model, "en")
    return [Text(DEBRIEF["short"].zh.format(**a), DEBRIEF["short"].en.format(**b)) for a, b in zip(zh, en) if not a["passed"]]


def reasons(model, rows: list[tuple[str, dict]], top: dict | None, seeds: list[int]) -> list[Text]:
    """All the reasons, most telling first."""
    paths = dict(rows)
    out = [*outcome_reasons(model), *objections(model), *missing(model), *shortfalls(model),
           fill(DEBRIEF["seeds"], n=len(seeds), yours=paths["yours"]["good"], default=paths["default"]["good"])]
    if top is not None:
        out.append(fill(DEBRIEF["top"], choice=top["choice"], before=top["from"], after=top["to"], delta=top["good"]))
    return out
