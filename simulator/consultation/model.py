"""The consultation model: one community consultation as a Mesa model.

Stages follow Art. 7 and 8 of the norms: topic, participants and form, rounds,
escalation, publication, implementation. Time is in days; each stage is a Mesa
event. Step through it with :meth:`ConsultationModel.advance` (one stage or
round at a time) or run it to the end with :meth:`ConsultationModel.run`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mesa
import numpy as np
import pandas as pd

from ..law import Decision
from ..scenario import Scenario
from . import aftermath, deliberation, metrics, persuasion, places, procedure, selection, support, topics
from .procedure import ConvenerPolicy, RulesPolicy
from .stakeholders import Household, Organisation, Stakeholders

@dataclass
class Stage:
    """What happened at one stage: the entry of the consultation record."""

    stage: str
    day: float
    round: int = 0
    detail: dict = field(default_factory=dict)


class ConsultationModel(mesa.Model):
    """A community consultation (城乡社区协商) played out by stakeholder agents.

    Args:
        scenario: the validated scenario.
        rng: a seed or ``numpy.random.Generator``; same scenario and seed, same run.
        policy: the convener's choices; defaults to following the scenario's rules.
    """

    def __init__(self, scenario: Scenario, *, rng=None, policy: ConvenerPolicy | None = None):
        super().__init__(rng=rng)
        self.spec = scenario
        self.policy = policy or RulesPolicy()
        self.people = Stakeholders.generate(scenario, self.rng)
        h, n = self.people.households, self.people.size
        for i in range(n):  # registered with the model; no throwaway AgentSet (it costs more than the agents)
            (Household if i < h else Organisation)(self, i)
        self._space = None

        self.on_table = np.array([not o.compromise for o in scenario.issue.options])
        self.unheard = np.zeros(len(self.on_table), dtype=bool)  # residents' proposals the channels missed (Art. 4(5))
        self.invited = np.zeros(0, dtype=int)
        self.attended = np.zeros(n, dtype=bool)
        self.written = np.zeros(n, dtype=bool)
        self.visited = np.zeros(n, dtype=bool)
        self.backfired = np.zeros(n, dtype=bool)
        self.turns = np.zeros(n, dtype=int)
        self.sway = np.zeros(n)  # speaking turns weighted by influence: what moved others
        self.boost = np.zeros(n)
        self.round = 0
        self.meetings = 0
        self.person_hours = 0.0
        self.cost_yuan = 0.0  # allowances, points and professional support (Art. 11)
        self.proposal = int(np.argmax(self.on_table))
        self.consensus = False
        self.last_check: deliberation.Check | None = None
        self.escalated = False
        self.vote: Decision | None = None
        self.decision: int | None = None
        self.decided_on: float | None = None
        self.experts_consulted = False
        self.township_involved = (
            scenario.procedure.convener == "township" or scenario.procedure.topic.proposed_by_township or scenario.issue.topic == "policy"
        )
        self.published_reach = np.zeros(n)
        self.compliance: np.ndarray | None = None
        self.aftermath: aftermath.Aftermath | None = None
        self.records: list[Stage] = []
        self.stance_history: list[np.ndarray] = [self.people.utility.copy()]
        self.round_people: list[tuple] = []  # each round's (attendees, written, turns, options on the table): the record's
        self.concerns_heard = np.zeros(n, dtype=bool)
        # what earlier consultations left behind (a year of consultations, consultation.series); none in a single run
        self.trust_before = self.people.trust.copy()
        self.heard_before = np.zeros(n, dtype=bool)  # concerns on record from earlier consultations
        self.standing = np.zeros(n)  # attendance chance added (or taken) by trust won (or lost) earlier
        self.stage = "topic"
        self.datacollector = mesa.DataCollector(model_reporters=metrics.ROUND_REPORTERS)
        self._event = None
        self._next(self._topic, scenario.procedure.topic.days)

    @property
    def space(self):
        """The community's buildings and stairwells as a Mesa network holding the household agents (Art. 9);
        built when first asked for, so runs that never look at it do not pay for it."""
        if self._space is None:
            self._space = places.settle(self)
        return self._space

    # --- stepping -----------------------------------------------------------

    @property
    def finished(self) -> bool:
        return self.stage == "done"

    @property
    def participants(self) -> np.ndarray:
        """Mask of stakeholders who took part: attended a round or gave a view offline."""
        return self.attended | self.written

    def advance(self) -> Stage | None:
        """Run the next stage (or round); return its record, or None when finished."""
        if self.finished:
            return None
        before = len(self.records)
        if self._event is not None:
            self.run_until(self._due)  # Mesa runs the scheduled stage event
        else:  # due today: run it now
            self._pending()
        return self.records[before] if len(self.records) > before else None

    def run(self) -> ConsultationModel:
        """Run to the end of implementation."""
        while not self.finished:
            self.advance()
        return self

    def run_model(self) -> None:
        """Mesa's entry point: run to the end (stages, not single days, are the steps here)."""
        self.run()

    def _next(self, stage, after: float) -> None:
        """Schedule the next stage ``after`` days from now (same-day stages wait for ``advance``)."""
        self._pending, self._due = stage, self.time + after
        self._event = self.schedule_event(self._fire, at=self._due) if after > 0 else None

    def _fire(self) -> None:
        self._event = None
        self._pending()

    def _log(self, stage: str, **detail) -> None:
        self.records.append(Stage(stage, float(self.time), self.round, detail))

    # --- stages -------------------------------------------------------------

    def _topic(self) -> None:
        """Collect concerns through the channels and fix the topic (Art. 7(1))."""
        channels = self.spec.procedure.topic.channels
        behaviour = self.spec.behaviour
        heard = self.rng.random(self.people.size) < selection.reach(self.people, channels, behaviour)
        self.person_hours += sum(behaviour.hours.topic[c] for c in channels)
        self.concerns_heard = heard | self.heard_before  # whose concerns reached the two committees: they feel heard
        proposals = topics.table_proposals(self, heard)
        self._log("topic", channels=list(channels), share_heard=float(heard[: self.people.households].mean()),
                  **({"proposals": proposals} if proposals else {}))
        if not self.spec.procedure.consult:  # decided without consulting: no meetings
            self.proposal = topics.direct(self)
            self.records[-1].detail["direct"] = self.spec.issue.options[self.proposal].id
            if procedure.needs_vote(self, self.proposal):
                self.stage = "escalation"
                self._next(self._escalation, procedure.notice_days(self.spec.procedure.escalation, self.spec.norms.vote_notice_days))
            else:
                self._decide(self.proposal)
            return
        self.stage = "participants"
        self._next(self._participants, 0)

    def _participants(self) -> None:
        """Fix participants, form, time and place, and give notice (Art. 7(2))."""
        proposed = selection.invite(self.people, self.spec, self.rng)
        self.invited = np.asarray(self.policy.invite(self, proposed), dtype=int)
        form = self.spec.procedure.form
        self._log("participants", invited=len(self.invited), rule=self.spec.procedure.selection.rule, form=form.mode)
        self.stage = "round"
        self._next(self._round, form.notice_days)

    def _round(self) -> None:
        """One consultation meeting, then the round rule (Art. 7(3))."""
        spec, people = self.spec, self.people
        behaviour = spec.behaviour
        if self.round:  # the weeks since the last meeting: what did not last fades, neighbours talk
            persuasion.between_rounds(people, behaviour.persuasion)
        self.round += 1
        seated = spec.procedure.selection.rule != "all_affected"  # everyone told of the meeting: they choose as voters do
        attendees, written, turns = self.meet(self.invited, boost=self.boost, seated=seated)
        self.boost[:] = self.standing
        self.attended[attendees] = True
        self.written[written] = True
        self.turns[attendees] += turns
        self.sway[attendees] += turns * people.influence[attendees]
        if spec.procedure.consensus.among == "present":
            voices = np.concatenate([attendees, written])
        else:  # every invited household must agree (e.g. sign), present or not
            voices = self.invited[people.is_household[self.invited]]
        utility = people.utility[voices]
        self.proposal = deliberation.propose(utility, self.on_table, spec.procedure.consensus)
        households_heard = bool(people.is_household[voices].any())  # organisations alone cannot agree for a community
        check = deliberation.check(utility[:, self.proposal] if households_heard else utility[:0, 0], spec.procedure.consensus)
        self.last_check, self.consensus = check, check.reached
        self.round_attendees, self.round_written, self.round_turns = attendees, written, turns
        self.round_people.append((attendees, written, turns, self.on_table.copy()))
        self.stance_history.append(people.utility.copy())
        self.datacollector.collect(self)
        self._log(
            "round",
            attendees=len(attendees),
            written=len(written),
            proposal=spec.issue.options[self.proposal].id,
            acceptance=check.acceptance,
            strong_objection=check.strong_objection,
            consensus=check.reached,
        )
        if check.reached and not procedure.needs_vote(self, self.proposal):
            self._decide(self.proposal)
            return
        # the table's agreement on a matter the law reserves is a recommendation: the body decides
        step = "escalate" if check.reached else self.policy.after_round(self, check)
        if step == "another_round":
            actions, entry = self.policy.between_rounds(self), self.records[-1]
            for action in actions:
                procedure.ACTIONS[action](self)
            entry.detail["actions"] = list(actions)  # what the convener did after this round (an action may add its own stage)
            self._next(self._round, spec.procedure.rounds.gap_days)
        elif step == "escalate":
            self.stage = "escalation"
            self._next(self._escalation, procedure.notice_days(spec.procedure.escalation, spec.norms.vote_notice_days))
        else:
            self._decide(None)

    def meet(self, invited: np.ndarray, *, boost: np.ndarray | None = None, seated: bool = True):
        """One meeting of ``invited`` under the community's Art. 11 support (:mod:`.support`): who comes or
        writes, who speaks, how stances move; its hours and yuan are counted. Returns ``(attendees, written, turns)``."""
        spec, people = self.spec, self.people
        form, rules = spec.procedure.form, support.rules(spec)
        attendees, written = deliberation.attend(people, invited, form, self.rng, boost, support.attendance(spec),
                                                 spec.behaviour.participation, seated, support.told(people, spec))
        turns = deliberation.speak(people, attendees, form, rules, self.rng, support.speaking(spec))
        deliberation.update(people, attendees, turns, spec.dynamics, rules, self.rng, spec.procedure.consensus.accept,
                            support.susceptibility(spec))
        self.meetings += 1
        staff_hours, yuan = support.meeting_cost(spec, int(people.is_household[attendees].sum()))
        self.person_hours += form.hours * len(attendees) + staff_hours + spec.behaviour.hours.written_view * len(written)
        self.cost_yuan += yuan
        return attendees, written, turns

    def _decide(self, option: int | None) -> None:
        self.decision, self.decided_on = option, float(self.time)
        self.stage = "publication"
        self._next(self._publication, self.spec.procedure.publication.days)

    def _escalation(self) -> None:
        """The body the law assigns votes, with its own quorum and threshold (Art. 7(3))."""
        body = self.spec.procedure.escalation.body
        option = self.spec.issue.options[self.proposal]
        self.escalated = True
        self.vote = procedure.vote(self)
        hours, votes = self.spec.behaviour.hours, max(len(self.vote.parts), 1)
        self.person_hours += hours.vote * self.vote.tally["present"] + hours.vote_organising * votes
        self._log("escalation", body=body, matter=option.legal_class, proposal=option.id, passed=self.vote.passed)
        self._decide(self.proposal if self.vote.passed else None)

    def _publication(self) -> None:
        """Publish the result (Art. 7(4)); report to the township where it is involved."""
        channels = self.spec.procedure.publication.channels
        behaviour = self.spec.behaviour
        self.published_reach = selection.reach(self.people, list(channels), behaviour)
        self.person_hours += behaviour.hours.publication * len(channels)
        self._log("publication", channels=list(channels), reach=float(self.published_reach[: self.people.households].mean()))
        self.stage = "implementation"
        self._next(self._implementation, self.spec.procedure.implementation.days)

    def _implementation(self) -> None:
        """Implementation and supervision (Art. 8): expected compliance, and whether those the decision
        harms stop it (obstruction, a court challenge)."""
        self.compliance = metrics.compliance(self)
        self.aftermath = aftermath.follow(self)
        self._log("implementation", expected_compliance=None if self.compliance is None else float(self.compliance.mean()),
                  implemented=self.aftermath is not None and self.aftermath.implemented,
                  blocked_by=[] if self.aftermath is None else list(self.aftermath.blocked_by))
        self.stage = "done"
        self.running = False

    # --- results ------------------------------------------------------------

    def rounds_frame(self) -> pd.DataFrame:
        """Per-round data, collected by Mesa's DataCollector."""
        return self.datacollector.get_model_vars_dataframe().rename_axis("row").reset_index(drop=True)

    def stances(self) -> pd.DataFrame:
        """Per-agent stances by round (round 0 is before the first meeting), long format."""
        options = self.spec.option_ids()
        history = np.stack(self.stance_history)  # rounds x agents x options
        r, a, k = history.shape
        agents = self.agents.to_list()
        ids = np.array([x.unique_id for x in agents])
        index = np.array([x.index for x in agents])
        order = np.argsort(index)
        return pd.DataFrame(
            {
                "round": np.repeat(np.arange(r), a * k),
                "agent_id": np.tile(np.repeat(ids[order], k), r),
                "group": np.tile(np.repeat(np.array(self.people.who)[self.people.group], k), r),
                "option": np.tile(options, r * a),
                "utility": history.reshape(-1),
            }
        )
