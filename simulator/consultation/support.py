"""Art. 11 at work: staff (有人员), a venue (有场所), rules of procedure (有规则), incentives for those
who come (误工补贴, 积分) and professional help (社会工作者, 政府购买服务).

Each function returns what a meeting uses — the attendance behaviour, the rules, the speaking behaviour,
the openness at meetings — changed as the scenario's support says; with everything present and nothing
added (every shipped scenario) they return the scenario's own, so runs are unchanged.
"""

from __future__ import annotations

import numpy as np

from ..scenario import Scenario
from ..scenario.behaviour import Attendance, Persuasion, Speaking
from ..scenario.procedure import RulesOfProcedure
from ..scenario.support import Professional
from .selection import reach
from .stakeholders import Stakeholders

WORKING = ("day_worker", "shift_worker")  # those an allowance pays for lost work; not retirees or carers


def staffing(spec: Scenario) -> float:
    """Share of the organisers a meeting needs that it has (0 to 1)."""
    needed = spec.behaviour.support.organisers_needed
    return min(1.0, spec.procedure.support.organisers / needed)


def professional(spec: Scenario) -> Professional | None:
    """The social worker or purchased service helping, if any."""
    kind = spec.procedure.support.professional
    return None if kind == "none" else getattr(spec.behaviour.support, kind)


def incentive(spec: Scenario) -> float:
    """Yuan-worth of what an attendee gets per meeting: the allowance, plus points at their regard."""
    s, b = spec.procedure.support, spec.behaviour.support
    return s.allowance + s.points * b.point_value * b.point_regard


def attendance(spec: Scenario) -> Attendance:
    """The attendance behaviour at this community's meetings: lower offline without a venue; working
    households freer to come with an incentive (it pays for part of the work they miss)."""
    a, b, form = spec.behaviour.attendance, spec.behaviour.support, spec.procedure.form
    changes = {}
    if not form.venue:
        changes["offline"] = a.offline * b.no_venue
    worth = incentive(spec)
    if worth > 0:
        pull = b.incentive_max * (1 - np.exp(-worth / b.incentive_scale))
        table = a.availability
        eased = {s: {t: free + (1 - free) * pull for t, free in getattr(table, s).items()} for s in WORKING}
        changes["availability"] = table.model_copy(update=eased)
    return a.model_copy(update=changes) if changes else a


def told(people: Stakeholders, spec: Scenario) -> np.ndarray | None:
    """Chance each stakeholder is told of a meeting. Organisers tell invitees in person; the share of
    invitees they cannot reach hear of it only through the call channels (WeChat, the notice board),
    which miss those without a smartphone. None when fully staffed (everyone told)."""
    staffed = staffing(spec)
    if staffed >= 1:
        return None
    broadcast = reach(people, list(spec.procedure.selection.call_channels), spec.behaviour)
    return np.where(people.is_household, staffed + (1 - staffed) * broadcast, 1.0)


def rules(spec: Scenario) -> RulesOfProcedure:
    """The rules in force: without adopted rules of procedure, no turn limit and no neutral chair."""
    r = spec.procedure.rules_of_procedure
    return r if r.adopted else r.model_copy(update={"max_turns": None, "neutral_chair": False})


def speaking(spec: Scenario) -> Speaking:
    """Speaking behaviour: a short-staffed chair brings in fewer quiet people; a professional more."""
    k, staffed, pro = spec.behaviour.speaking, staffing(spec), professional(spec)
    if staffed >= 1 and pro is None:
        return k
    invites = k.chair_invites * staffed
    if pro is not None:
        invites += (1 - invites) * pro.invites
    return k.model_copy(update={"chair_invites": invites})


def susceptibility(spec: Scenario) -> float:
    """How far one meeting can move an open attendee: more with a professional facilitator."""
    pro, meeting = professional(spec), spec.behaviour.persuasion.meeting
    return meeting if pro is None else meeting * pro.openness


def persuasion(spec: Scenario) -> Persuasion:
    """Persuasion on home visits: a professional on the visit makes fewer of them backfire."""
    p, pro = spec.behaviour.persuasion, professional(spec)
    return p if pro is None else p.model_copy(update={"backlash_below": p.backlash_below * (1 - pro.calm)})


def meeting_cost(spec: Scenario, households_present: int) -> tuple[float, float]:
    """Person-hours and yuan of the support at one meeting: organisers and professional, allowances and
    points paid to the households present."""
    s, b, form = spec.procedure.support, spec.behaviour.support, spec.procedure.form
    pro = professional(spec)
    hours = form.hours * s.organisers + (0.0 if pro is None else pro.hours)
    yuan = (s.allowance + s.points * b.point_value) * households_present + (0.0 if pro is None else pro.yuan)
    return hours, yuan

