"""Metrics: outcome, representativeness, deliberation quality, cost, legitimacy.

Per-round reporters for Mesa's DataCollector, expected compliance (Art. 8) and
the run summary.
"""

from __future__ import annotations

import numpy as np

from ..law.audit import audit as procedural_audit


def _polarisation(m) -> float:
    """Spread of this round's voices' utility for the proposal."""
    voices = np.concatenate([m.round_attendees, m.round_written])
    return float(np.std(m.people.utility[voices, m.proposal])) if len(voices) else 0.0


def voice_share(turns: np.ndarray, hh: np.ndarray, mask: np.ndarray) -> float:
    """Share of households' speaking turns (or sway) taken by the households in ``mask``."""
    total = turns[hh].sum()
    return round(float(turns[hh & mask].sum() / total), 4) if total else 0.0


def top_fifth_voice_share(m) -> float:
    """Share of households' speaking turns taken by the fifth of households at the table who spoke most
    (0.2 if all spoke alike): how far a few dominate the floor."""
    turns = np.sort(m.turns[m.attended & m.people.is_household])[::-1]
    total = turns.sum()
    return round(float(turns[: -(-len(turns) // 5)].sum() / total), 4) if total else 0.0


def _round_turns(m) -> np.ndarray:
    turns = np.zeros(m.people.size, dtype=int)
    turns[m.round_attendees] = m.round_turns
    return turns


def _round_input(m, mask: np.ndarray) -> float:
    """Share of this round's household input (present or written) from the households in ``mask``."""
    gave = np.zeros(m.people.size, dtype=bool)
    gave[m.round_attendees] = gave[m.round_written] = True
    gave &= m.people.is_household
    return _share(gave & mask, gave)


ROUND_REPORTERS = {
    "round": "round",
    "day": "time",
    "attendees": lambda m: len(m.round_attendees),
    "written_views": lambda m: len(m.round_written),
    "speaking_turns": lambda m: int(m.round_turns.sum()),
    "proposal": lambda m: m.spec.issue.options[m.proposal].id,
    "acceptance": lambda m: m.last_check.acceptance,
    "strong_objection": lambda m: m.last_check.strong_objection,
    "consensus": "consensus",
    "polarisation": _polarisation,
    "heard_other_side": lambda m: float(m.people.heard_other_side[m.round_attendees].mean()) if len(m.round_attendees) else 0.0,
    "elderly_input_share": lambda m: _round_input(m, m.people.elderly),
    "elderly_voice_share": lambda m: voice_share(_round_turns(m), m.people.is_household, m.people.elderly),
    "person_hours": "person_hours",
}


def supported_option(m) -> int:
    """The option support is measured for: the decision, else the last proposal."""
    return m.decision if m.decision is not None else m.proposal


def support(m, mask: np.ndarray, *, before: bool = False) -> float | None:
    """Share of the households in ``mask`` who can live with the supported option (now, or before
    the consultation); None when there are none."""
    hh = mask & m.people.is_household
    if not hh.any():
        return None
    stance = m.people.initial if before else m.people.utility
    return float(np.mean(stance[hh, supported_option(m)] >= m.spec.procedure.consensus.accept))


def representation_gap(m) -> float | None:
    """How far the table mirrors the community, averaged over the options.

    For each option: |share of participating households who can live with it − share of all
    households|, on the stances held before the consultation. It measures who was chosen,
    not what deliberation changed (that is ``deliberation_shift``).
    """
    people, accept = m.people, m.spec.procedure.consensus.accept
    took_part = m.participants & people.is_household
    if not took_part.any():
        return None
    ok = people.initial >= accept
    return float(np.mean(np.abs(ok[took_part].mean(axis=0) - ok[people.is_household].mean(axis=0))))


def groups(m, lang: str = "zh") -> dict:
    """Per household group: share of the population; of those at the table (presence); of the input
    counted, written views included (input); of speaking turns (voice); and of deliberative influence,
    turns weighted by the speaker's sway (influence). A written view is input, not voice."""
    people = m.people
    hh = people.is_household
    at_table, gave_input = m.attended & hh, m.participants & hh
    out = {}
    for code, g in enumerate(m.spec.population.groups):
        mine = hh & (people.group == code)
        out[g.id] = {
            "name": g.name(lang),
            "population_share": round(float(mine.sum() / hh.sum()), 4),
            "presence_share": _share(at_table & mine, at_table),
            "input_share": _share(gave_input & mine, gave_input),
            "voice_share": voice_share(m.turns, hh, mine),
            "influence_share": voice_share(m.sway, hh, mine),
        }
    return out


def _share(part: np.ndarray, whole: np.ndarray) -> float:
    return round(float(part.sum() / whole.sum()), 4) if whole.any() else 0.0


def fairness(m) -> np.ndarray:
    """Perceived fairness per stakeholder: was my group included, and heard?"""
    people, hh, f = m.people, m.people.is_household, m.spec.behaviour.fairness
    took_part = m.participants & hh
    total = max(int(m.turns[hh].sum()), 1)
    share = np.bincount(people.group[hh], minlength=len(people.who)) / hh.sum()
    present = np.bincount(people.group[took_part], minlength=len(people.who)) / max(int(took_part.sum()), 1)
    heard = np.bincount(people.group[hh], weights=m.turns[hh], minlength=len(people.who)) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = f.presence * np.minimum(1, np.nan_to_num(present / share)) + f.voice * np.minimum(1, np.nan_to_num(heard / share))
    own = np.where(took_part, f.took_part, np.where(m.concerns_heard, f.asked, f.not_asked))  # took part, or at least was asked
    return f.group * ratio[people.group] + f.own * own


def explanation(m) -> tuple[np.ndarray, np.ndarray] | None:
    """Who supports the decision (per household), and for each dissenter the chance that the
    two committees' explanation (Art. 8) reached them: sure for those who took part or were
    visited, else as far as the publication reached. None without a decision."""
    if m.decision is None:
        return None
    people, hh = m.people, m.people.is_household
    supports = people.utility[hh, m.decision] >= m.spec.procedure.consensus.accept
    if not m.spec.procedure.implementation.explain_to_dissenters:
        return supports, np.zeros(int((~supports).sum()))
    engaged = (m.participants | m.visited)[hh]
    return supports, np.where(engaged, 1.0, m.published_reach[hh])[~supports]


def compliance(m) -> np.ndarray | None:
    """Chance that each household complies with the decision (Art. 8); None without a decision."""
    if m.decision is None:
        return None
    people, impl, w = m.people, m.spec.procedure.implementation, m.spec.behaviour.compliance
    hh = people.is_household
    supports, reached = explanation(m)
    explained = np.zeros(len(supports))
    explained[~supports] = reached
    p = (
        w.base
        + w.support * supports
        + w.fairness * fairness(m)[hh]
        + w.publication * m.published_reach[hh]
        + w.explanation * explained
        + w.supervision * impl.supervision
    )
    return np.clip(p, 0, 1)


def _local(checks, lang: str) -> list[dict]:
    return [{**c.as_dict(), "text": c.text(lang)} for c in checks]


def compliance_by_group(m) -> dict:
    """Expected compliance per household group, and among the groups the decision asks to change or
    pay (the option's ``pays``): an average over everyone hides whether they will comply."""
    if m.compliance is None:
        return {"compliance_by_group": None, "compliance_of_those_who_change": None}
    codes = m.people.group[: m.people.households]
    by_group = {g.id: round(float(m.compliance[codes == i].mean()), 4)
                for i, g in enumerate(m.spec.population.groups) if (codes == i).any()}
    option = m.spec.issue.options[m.decision]
    keeps = option.id == m.spec.issue.status_quo  # keeping things as they are asks no one to change
    change = [] if keeps else [i for i, g in enumerate(m.spec.population.groups) if g.id in option.pays]
    mine = np.isin(codes, change)
    return {"compliance_by_group": by_group,
            "compliance_of_those_who_change": round(float(m.compliance[mine].mean()), 4) if mine.any() else None}


def summary(m, seed, lang: str = "zh") -> dict:
    """The run summary: one JSON-ready dict."""
    spec, people = m.spec, m.people
    hh = people.is_household
    took_part = m.participants
    vote = None
    if m.vote is not None:
        vote = {
            "body": m.vote.body,
            "passed": m.vote.passed,
            "quorum_met": m.vote.quorum_met,
            "matter": m.vote.matter,
            "statute_met": m.vote.statute_met,
            "tally": _plain(m.vote.tally),
            "local_rules": _local(m.vote.local, lang),
            "villages": [{"id": v.id, "village": name(lang), "passed": part.passed, "quorum_met": part.quorum_met,
                          "statute_met": part.statute_met, "tally": _plain(part.tally), "local_rules": _local(part.local, lang)}
                         for v, (name, part) in zip(spec.population.villages, m.vote.parts)],
            "reason": m.vote.explain(lang),
        }
    s_part, s_pop = support(m, took_part), support(m, np.ones(people.size, dtype=bool))
    before = support(m, took_part, before=True)
    decision = None if m.decision is None else spec.issue.options[m.decision].id
    explained = explanation(m)
    return {
        "scenario": spec.id,
        "title": spec.title(lang),
        "seed": seed,
        "consensus": bool(m.consensus),
        "consensus_rule": spec.procedure.consensus.rule,
        "rounds": m.round,
        "days": m.decided_on,
        "decision": decision,
        "proposal": spec.issue.options[m.proposal].id,
        "escalated": m.escalated,
        "decision_body": spec.procedure.escalation.body if m.escalated else None,
        "vote": vote,
        "participants": int(took_part.sum()),
        "invited": int(len(m.invited)),
        "support_participants": _round(s_part),
        "support_population": _round(s_pop),
        "representation_gap": _round(representation_gap(m)),
        "deliberation_shift": None if s_part is None else _round(s_part - before),
        "groups": groups(m, lang),
        "elderly_input_share": _share(m.participants & hh & people.elderly, m.participants & hh),
        "elderly_voice_share": voice_share(m.turns, hh, people.elderly),
        "elderly_influence_share": voice_share(m.sway, hh, people.elderly),
        "elderly_population_share": round(float(people.elderly[hh].mean()), 4),
        "top_fifth_voice_share": top_fifth_voice_share(m),
        "offline_input_share": _share(m.participants & hh & ~people.digital, m.participants & hh),
        "offline_voice_share": voice_share(m.turns, hh, ~people.digital),
        "offline_population_share": round(float((~people.digital[hh]).mean()), 4),
        "dissenters_explained": None if explained is None else _round(float(explained[1].mean()) if explained[1].size else 1.0),
        "heard_other_side": round(float(people.heard_other_side[took_part].mean()), 4) if took_part.any() else 0.0,
        "meetings": m.meetings,
        "person_hours": round(m.person_hours, 1),
        "cost_yuan": round(m.cost_yuan, 1),
        "expected_compliance": None if m.compliance is None else round(float(m.compliance.mean()), 4),
        **compliance_by_group(m),
        "implemented": m.aftermath is not None and m.aftermath.implemented,
        "blocked_by": [] if m.aftermath is None else list(m.aftermath.blocked_by),
        "aftermath": None if m.aftermath is None else m.aftermath.as_dict(),
        "perceived_fairness": round(float(fairness(m)[hh].mean()), 4),
        "audit": procedural_audit(m, lang),
        **_proposals(m),  # only when residents proposed an option (Art. 4(5))
    }


def _proposals(m) -> dict:
    """Whether each residents' proposal was tabled (:mod:`.topics`); nothing when no option is proposed."""
    tabled = next((r.detail["proposals"] for r in m.records if r.stage == "topic" and "proposals" in r.detail), None)
    return {} if tabled is None else {"residents_proposals": dict(tabled)}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _plain(value):
    """Numpy scalars to plain Python, for JSON."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value
