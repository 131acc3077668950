"""Whether a class's outcome could stand in law (``simulator.law``): a matter the law reserves to a
body (the owners' assembly, a villagers' meeting…) is adopted only by that body's vote; a tally
entered by the class is held to the body's threshold, by heads (floor area cannot be checked in class)."""

from __future__ import annotations

from fractions import Fraction

from ..i18n import Text
from ..law import BODIES, MATTER_TABLE, threshold_for
from .classroom_text import LAW, fill


def least_yes(body: str, matter: str) -> tuple[Fraction, bool]:
    """The smallest share of yes votes among all those entitled with which ``body`` can pass a
    ``matter`` ("ordinary"/"major"), by heads, with the smallest quorum the law allows; and whether
    the share must be strictly above it."""
    t = threshold_for(body, matter)
    quorum = [max((r.fraction for r in alt if r.measure == "present_heads"), default=Fraction(0)) for alt in t.quorum]
    strict_quorum = any(r.op == ">" for alt in t.quorum for r in alt if r.measure == "present_heads")
    bound, strict = Fraction(0), False
    for r in t.decision:
        if r.measure != "yes_heads":
            continue
        share = r.fraction if r.base == "entitled_heads" else r.fraction * min(quorum, default=Fraction(0))
        if share >= bound:
            bound, strict = share, r.op == ">" or (r.base != "entitled_heads" and strict_quorum)
    return bound, strict


def could_pass(body: str, matter: str, yes: int, entitled: int) -> bool:
    """Whether ``yes`` of ``entitled`` can meet the body's threshold at all (by heads)."""
    bound, strict = least_yes(body, matter)
    share = Fraction(yes, entitled)
    return share > bound if strict else share >= bound


def lawfulness(spec, option: str | None, vote: str | None, tally: tuple[int, int] | None) -> tuple[bool | None, list[Text]]:
    """Whether the class's outcome stands in law (None when nothing was decided), and why, in words."""
    if option is None:
        return None, [LAW["nothing"]]
    chosen = next(o for o in spec.issue.options if o.id == option)
    matter, esc = MATTER_TABLE[chosen.legal_class], spec.procedure.escalation
    body = BODIES[esc.body]
    name = Text(chosen.name.zh, chosen.name.en)
    bodies = Text(matter.required_bodies("zh"), matter.required_bodies("en")) if matter.reserved else body.name
    law = matter.law if matter.reserved or not esc.required else body.law  # the scenario's own rule asks for the vote
    words = dict(option=name, matter=matter.name, bodies=bodies, body=body.name, law=law)
    if vote is None:
        if matter.reserved:
            return False, [fill(LAW["no_vote"], **words)]
        if esc.required:
            return False, [fill(LAW["required"], **words)]
        return True, [fill(LAW["agreement"], **words)]
    if vote == "failed":
        if matter.reserved or esc.required:
            return False, [fill(LAW["failed"], **words)]
        return True, [fill(LAW["agreement"], **words), fill(LAW["failed_agreement"], **words)]
    if tally is not None and not spec.population.villages and not could_pass(esc.body, matter.threshold, *tally):
        rule = Text(*(threshold_for(esc.body, matter.threshold).text))
        return False, [fill(LAW["short"], yes=tally[0], entitled=tally[1], body=body.name, rule=rule)]
    return True, [fill(LAW["voted" if matter.reserved else "agreement"], **{**words, "law": matter.law})]
