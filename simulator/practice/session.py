"""A practice session: a scenario, a seed and the person's choices. Its run is always recomputed
from them (the model re-runs from the start with the same seed after each choice), so a saved
session replays to the identical run in any process."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ..consultation.model import ConsultationModel
from ..consultation.procedure import RulesPolicy
from ..consultation.runs import Run
from ..i18n import BilingualError, Text, check_lang, terms
from ..law import BODIES
from ..scenario import Scenario, load, resolve
from . import points, saved
from .points import BEFORE, Point
from .replay import scenario_with
from .script import Script, Waiting
from .seen import Observation, observe
from .text import ERRORS, LOG, fill


class Session:
    """One person's practice: start it, answer :attr:`point` with :meth:`choose` until it is done."""

    def __init__(self, name: str, data_json: str, seed: int, lang: str = "zh", trainee: str = "", created: str | None = None):
        self.name, self.data_json, self.seed = name, data_json, seed
        self.lang, self.trainee = check_lang(lang), trainee
        self.created = created or datetime.now(timezone.utc).isoformat(timespec="seconds")
        self.choices: list[dict] = []
        self.model: ConsultationModel | None = None
        self.point: Point
        self._replay()

    @classmethod
    def start(cls, scenario: str | Path | Scenario, seed: int = 0, *, lang: str = "zh", trainee: str = "") -> Session:
        """A new session on a shipped scenario's name, a scenario file, or a :class:`Scenario`."""
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise BilingualError(f"随机种子应为非负整数，实际为 {seed!r}", f"the seed must be a non-negative integer, got {seed!r}")
        if isinstance(scenario, Scenario):
            name, spec = scenario.id, scenario
        else:
            path = resolve(scenario)
            name, spec = (str(scenario) if path.stem == str(scenario) else path.name), load(path)
        return cls(name, saved.dumps_data(spec), seed, lang, trainee)

    # --- playing -------------------------------------------------------------

    def choose(self, values: dict) -> Point:
        """Answer the current decision point (missing fields take the default); returns the next point."""
        if self.point.kind == "done":
            raise BilingualError(*ERRORS["done"])
        choice = {"point": self.point.kind, "round": self.point.round, "values": self.point.check(values)}
        self.choices.append(choice)
        try:
            self._replay()
        except BaseException:
            self.choices.pop()
            self._replay()
            raise
        return self.point

    def _replay(self) -> None:
        """Re-run the model from the start with every choice so far, up to the next decision point."""
        made = {c["point"] for c in self.choices}
        spec = scenario_with(self.name, self.data_json, self.choices)
        model = self.model = ConsultationModel(spec, rng=self.seed, policy=Script(self.choices))
        if "topic" not in made:
            self.point = points.point("topic", spec, model.time, 0)
            return
        model.advance()  # the topic stage: concerns are collected
        for kind in BEFORE[1:]:
            if kind not in made:
                self.point = points.point(kind, spec, model.time, 0)
                return
        try:
            while not model.finished:
                if model.stage == "publication" and "publication" not in made:
                    self.point = points.point("publication", spec, model.time, model.round)
                    return
                model.advance()
        except Waiting as wait:
            policy = RulesPolicy()
            rules = {"next": policy.after_round(model, wait.check), "actions": policy.between_rounds(model)}
            self.point = points.point("after_round", spec, model.time, model.round, model, rules)
            return
        self.point = points.point("done", spec, model.time, model.round)

    # --- what the person sees ------------------------------------------------

    @property
    def spec(self) -> Scenario:
        return self.model.spec

    @property
    def finished(self) -> bool:
        return self.point.kind == "done"

    @property
    def seen(self) -> Observation | None:
        """What a convener saw at the latest round (None before the first)."""
        return observe(self.model, self.lang)

    @property
    def result(self) -> Run | None:
        """The finished run (None until the session is done)."""
        return Run(self.model, self.seed, self.lang) if self.finished else None

    @property
    def log(self) -> list[tuple[str, dict, Text]]:
        """Each choice so far, with what happened after it (the timeline)."""
        return timeline(self.model, self.choices)

    def describe(self, choice: dict, lang: str | None = None) -> str:
        """A choice in words: 'field: value; …'."""
        lang = lang or self.lang
        fields = {f.name: f for f in points.fields(choice["point"], scenario_with(self.name, self.data_json, []))}
        parts = []
        for name, value in choice["values"].items():
            f = fields.get(name)
            if f is None:
                continue
            shown = dict((v, t(lang)) for v, t in f.options)
            if isinstance(value, list):  # in the order the page offers them, however they were ticked
                ordered = [v for v in shown if v in value] + [v for v in value if v not in shown]
                text = Text("、", ", ")(lang).join(shown.get(v, v) for v in ordered) or terms([], lang)
            elif isinstance(value, bool):
                text = terms(["yes" if value else "no"], lang)
            else:
                text = shown.get(value, str(value))
            parts.append(f"{f.label(lang)}：{text}" if lang == "zh" else f"{f.label(lang)}: {text}")
        return Text("；", "; ")(lang).join(parts)

    # --- files and debrief --------------------------------------------------

    def save(self, path: str | Path) -> Path:
        """Write the session as JSON (whole or not at all)."""
        return saved.save(self, Path(path))

    @classmethod
    def open(cls, path: str | Path) -> Session:
        """Reopen a saved session; a bad file gets a bilingual error naming the file and the field."""
        return saved.open_session(cls, Path(path))

    def debrief(self, seeds: int = 20):
        """The counterfactual debrief on ``seeds`` seeds (see :mod:`simulator.practice.debrief`)."""
        from .debrief import Debrief
        return Debrief.of(self, seeds)


def timeline(model, choices: list[dict]) -> list[tuple[str, dict, Text]]:
    """Pair each choice with the stages that followed it, as text."""
    spec = model.spec
    option = lambda i: Text(spec.issue.options[i].name.zh, spec.issue.options[i].name.en)  # noqa: E731
    by_id = {o.id: i for i, o in enumerate(spec.issue.options)}
    owner = {c["point"] if c["point"] != "after_round" else ("after_round", c["round"]): i for i, c in enumerate(choices)}
    said: list[list[Text]] = [[] for _ in choices]
    last = None

    def decided() -> None:
        if model.decided_on is not None and last in owner:
            said[owner[last]].append(fill(LOG["decided"], day=model.decided_on, option=option(model.decision))
                                     if model.decision is not None else fill(LOG["no_decision"], day=model.decided_on))

    for rec in model.records:
        d = rec.detail
        if rec.stage == "topic":
            who, text = "topic", fill(LOG["topic"], day=rec.day, heard=d["share_heard"])
        elif rec.stage == "participants":
            who, text = "participants", fill(LOG["participants"], invited=d["invited"])
        elif rec.stage == "round":
            who = "form" if rec.round == 1 else ("after_round", rec.round - 1)
            text = fill(LOG["round"], day=rec.day, round=rec.round, came=d["attendees"], wrote=d["written"],
                        option=option(by_id[d["proposal"]]), agreed=LOG["agreed"] if d["consensus"] else Text("", ""))
        elif rec.stage == "escalation":
            who = ("after_round", rec.round) if ("after_round", rec.round) in owner else last
            text = fill(LOG["escalation"], day=rec.day, body=BODIES[d["body"]].name, option=option(by_id[d["proposal"]]),
                        verdict=LOG["passed" if d["passed"] else "failed"])
        elif rec.stage == "publication":
            decided()
            who, text = "publication", fill(LOG["publication"], day=rec.day, reach=d["reach"])
        else:
            state = "nothing" if model.decision is None else ("implemented" if d["implemented"] else "blocked")
            who, text = "publication", fill(LOG["implementation"], day=rec.day, state=LOG[state])
        if who in owner:
            said[owner[who]].append(text)
            last = who
        key = ("after_round", rec.round)
        if rec.stage == "round" and d.get("actions") and key in owner:
            said[owner[key]].append(fill(LOG["actions"], actions=Text(terms(d["actions"]), terms(d["actions"], "en"))))
    if not any(r.stage == "publication" for r in model.records):
        decided()
    join = lambda items: Text("；".join(t.zh for t in items), "; ".join(t.en for t in items))  # noqa: E731
    return [(c["point"], c["values"], join(said[i])) for i, c in enumerate(choices)]
