"""What a consultation leaves behind (有结果、有记录, Art. 7(4), 8, 11): trust in the convener.

After a consultation each household's trust in the convener moves. It rises where the published
result reached it, more where it dissented and was given an explanation (Art. 8), where it was heard
(took part, was visited, or its concerns were collected), and, with a record kept, where the record
lets the next convener show what was decided and why. It falls where a decision it opposed was taken
without the result or an explanation reaching it, and, for those who were heard, where nothing came
of it (no decision, or a decision not carried out). Gains close part of the gap to 1, losses take a
share of what is there, as a home visit does. The change is an expectation (reach and explanation
are chances): no random number is drawn.

Within one run the change is only reported (compliance already counts publication and explanation,
:func:`.metrics.compliance`); a year of consultations (:mod:`.series`) carries it to the next topic
(:func:`carry`), where trust won or lost since the year began moves turnout and the benefit of the
doubt households give the convener's proposals.
"""

from __future__ import annotations

import numpy as np

from .metrics import explanation


def heard(m) -> np.ndarray:
    """Households that were heard in ``m``: took part, were visited, or had their concerns collected."""
    h = m.people.households
    return (m.participants | m.visited | m.concerns_heard)[:h]


def trust_after(m) -> np.ndarray:
    """Each household's trust in the convener once the consultation ``m`` is over."""
    people, spec, k = m.people, m.spec, m.spec.behaviour.legacy
    h = people.households
    trust = people.trust[:h]
    reach = m.published_reach[:h]
    was_heard = heard(m)
    gain = k.result_reached * reach + k.heard * was_heard
    if spec.procedure.record:
        gain = gain + k.recorded * np.maximum(reach, was_heard)
    loss = np.zeros(h)
    explained = explanation(m)
    if explained is not None:
        supports, chance = explained
        dissent = np.zeros(h)
        dissent[~supports] = chance  # chance the explanation reached each dissenter
        gain = gain + k.explained * dissent
        unreached = np.where(supports, 0.0, (1 - np.maximum(reach, dissent)))
        loss = loss + k.overridden * unreached
    if m.decision is None or (m.aftermath is not None and not m.aftermath.implemented):
        loss = loss + k.nothing_came * was_heard
    gain, loss = np.clip(gain, 0, 1), np.clip(loss, 0, 1)
    return np.clip(trust + gain * (1 - trust) - loss * trust, 0, 1)


def summary(m, lang: str = "zh") -> dict:
    """Mean trust before and after the consultation, over all households and by group."""
    h = m.people.households
    before, after = m.trust_before[:h], trust_after(m)
    codes = m.people.group[:h]
    by_group = {g.id: {"name": g.name(lang), "before": round(float(before[codes == i].mean()), 4),
                       "after": round(float(after[codes == i].mean()), 4)}
                for i, g in enumerate(m.spec.population.groups) if (codes == i).any()}
    return {"trust_before": round(float(before.mean()), 4), "trust_after": round(float(after.mean()), 4),
            "heard": round(float(heard(m).mean()), 4), "by_group": by_group}


def carry(m, trust: np.ndarray, start: np.ndarray, on_file: np.ndarray) -> None:
    """Before the next consultation ``m`` of a year: the same households bring the trust the last one left
    (``trust``), come more (or less) readily and give the changes the convener tables more (or less) benefit
    of the doubt by the trust gained (or lost) since the year began (``start``); concerns kept on record
    (``on_file``) count as collected."""
    people, k = m.people, m.spec.behaviour.legacy
    h = people.households
    gained = trust - start
    people.trust[:h] = m.trust_before[:h] = trust
    m.standing[:h] = m.boost[:h] = k.turnout * gained
    changes = np.array([o.id != m.spec.issue.status_quo for o in m.spec.issue.options])
    for stance in (people.initial, people.anchor, people.utility):
        stance[:h, changes] = np.clip(stance[:h, changes] + k.deference * gained[:, None], 0, 1)
    m.heard_before[:h] = on_file
