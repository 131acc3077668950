"""The debrief: the person's path beside the scenario's default and counterfactual designs on the same
seeds, which of the person's choices mattered most (switched one at a time), why it went as it did,
and the audit article by article.

A path on another seed replays the person's pre-meeting choices and their after-round choices by
round number; where it needs a decision the person never made (that seed needed more rounds), it
follows the scenario's rules (:class:`~simulator.RulesPolicy`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..consultation import metrics
from ..consultation.model import ConsultationModel
from ..i18n import BilingualError, Text, check_lang
from ..law import MATTER_TABLE
from ..law.audit import audit as procedural_audit
from .reasons import reasons
from .replay import play
from .replay import scenario as _scenario
from .text import DEBRIEF, ERRORS, fill

#: Counterfactual designs: (key, overrides on the scenario), played by the scenario's rules.
DESIGNS = {
    "assembly": ("procedure.selection.rule=all_affected", "procedure.form.mode=offline", "procedure.rounds.max=3",
                 "procedure.rounds.escalation=after_max_rounds"),
    "sortition": ("procedure.selection.rule=stratified_random", "procedure.form.mode=offline", "procedure.rounds.max=3",
                  'procedure.rounds.between=["home_visits","revised_proposal"]', "procedure.rounds.escalation=after_max_rounds"),
    "quota": ("procedure.selection.rule=quota", "procedure.form.mode=hybrid", "procedure.form.offline_channel=true",
              "procedure.form.time=weekend", 'procedure.rounds.between=["home_visits","expert_assessment","revised_proposal"]'),
}
MEASURES = ("consensus", "adopted", "good", "rounds", "person_hours", "gap", "audit")


def outcome(model: ConsultationModel) -> dict:
    """What one finished run gives the debrief: consensus, adopted, adopted lawfully *and* implemented
    ("good"), rounds, person-hours, representation gap, share of audit checks passed."""
    decided = model.decision is not None
    lawful = False
    if decided:
        matter = MATTER_TABLE[model.spec.issue.options[model.decision].legal_class]
        lawful = not matter.reserved or (model.vote is not None and model.vote.passed and matter.allows(model.vote.body))
    checks = procedural_audit(model)
    gap = metrics.representation_gap(model)
    return {"consensus": bool(model.consensus), "adopted": decided,
            "good": decided and lawful and model.aftermath is not None and model.aftermath.implemented,
            "rounds": model.round, "person_hours": model.person_hours, "gap": np.nan if gap is None else gap,
            "audit": float(np.mean([c["passed"] for c in checks]))}


def distribution(runs: list[dict]) -> dict:
    """The outcome over the seeds: shares, and medians of rounds, hours and gap."""
    frame = pd.DataFrame(runs)
    return {"consensus": frame.consensus.mean(), "adopted": frame.adopted.mean(), "good": frame.good.mean(),
            "rounds": frame.rounds.median(), "person_hours": frame.person_hours.median(), "gap": frame.gap.median(),
            "audit": frame.audit.mean()}


@dataclass
class Debrief:
    """The debrief of a finished session (see the module's docstring); tables in the session's language."""

    session: object  # the finished practice Session
    seeds: list[int]
    path_rows: list[tuple[str, dict]]
    switch_rows: list[dict]
    reasons: list[Text]
    seconds: float  # how long it took to compute (reported, not asserted)

    @classmethod
    def of(cls, session, seeds: int = 20) -> Debrief:
        if not session.finished:
            raise BilingualError(*ERRORS["finished"])
        if isinstance(seeds, bool) or not isinstance(seeds, int) or not 1 <= seeds <= 200:
            raise BilingualError(*ERRORS["seeds"].format(got=repr(seeds)))
        start = time.perf_counter()
        name, data = session.name, session.data_json
        seeds_ = [session.seed + i for i in range(seeds)]
        yours = distribution([outcome(play(name, data, s, session.choices)) for s in seeds_])
        default = _scenario(name, data, ())
        rows = [("yours", yours), ("default", distribution([outcome(ConsultationModel(default, rng=s).run()) for s in seeds_]))]
        for key, overrides in DESIGNS.items():
            spec = _scenario(name, data, overrides)
            if spec != default:  # a design the scenario already follows is its default
                rows.append((key, distribution([outcome(ConsultationModel(spec, rng=s).run()) for s in seeds_])))
        switches = _switches(session, seeds_, yours)
        helps = [r for r in switches if r["good"] > 0]
        why = reasons(session.model, rows, helps[0] if helps else None, seeds_)
        return cls(session, seeds_, rows, switches, why, time.perf_counter() - start)

    @property
    def paths(self) -> pd.DataFrame:
        """The outcome distribution of each path over the seeds."""
        return self.paths_in(self.session.lang)

    def paths_in(self, lang: str) -> pd.DataFrame:
        frame = pd.DataFrame([{"path": DEBRIEF[k](lang), **v} for k, v in self.path_rows])
        for col in ("consensus", "adopted", "good", "audit", "gap"):
            frame[col] = frame[col].astype(float).round(2)
        frame["person_hours"] = frame["person_hours"].round(0)
        return frame.rename(columns={k: DEBRIEF[f"col_{k}"](lang) for k in ("path", *MEASURES)})

    @property
    def switches(self) -> pd.DataFrame:
        """Each of the person's choices switched back to the scenario's, sorted by effect."""
        return self.switches_in(self.session.lang)

    def switches_in(self, lang: str) -> pd.DataFrame:
        cols = ["choice", "from", "to", "good", "adopted", "consensus", "audit"]
        frame = pd.DataFrame([{k: r[k](lang) if isinstance(r[k], Text) else round(r[k], 2) for k in cols} for r in self.switch_rows],
                             columns=cols)
        return frame.rename(columns={k: DEBRIEF[f"sw_{k}"](lang) for k in cols})

    @property
    def audit(self) -> pd.DataFrame:
        """The audit, article by article, of the person's own run."""
        return self.audit_in(self.session.lang)

    def audit_in(self, lang: str) -> pd.DataFrame:
        checks = procedural_audit(self.session.model, lang)
        frame = pd.DataFrame(checks, columns=["article", "requirement", "passed", "detail"])
        frame["passed"] = [DEBRIEF["yes" if p else "no"](lang) for p in frame["passed"]]
        return frame.rename(columns={k: DEBRIEF[f"col_{k}"](lang) for k in frame.columns})

    def text(self, lang: str | None = None) -> str:
        """The whole debrief as text (terminal, notebook)."""
        lang = check_lang(lang or self.session.lang)
        switches = self.switches_in(lang)
        with pd.option_context("display.width", 250, "display.max_columns", 20, "display.max_colwidth", 60,
                               "display.unicode.east_asian_width", lang == "zh"):
            parts = [DEBRIEF["h_paths"](lang, n=len(self.seeds)), self.paths_in(lang).to_string(index=False),
                     DEBRIEF["note"](lang), "", DEBRIEF["h_switches"](lang),
                     switches.to_string(index=False) if len(switches) else DEBRIEF["no_switch"](lang),
                     "", DEBRIEF["h_reasons"](lang), *(f"- {r(lang)}" for r in self.reasons),
                     "", DEBRIEF["h_audit"](lang), self.audit_in(lang).to_string(index=False)]
        return "\n".join(parts)


def choices_with(choices: list[dict], i: int, name: str, value) -> list[dict]:
    """The choices with field ``name`` of choice ``i`` switched to ``value``."""
    out = [dict(c, values=dict(c["values"])) for c in choices]
    out[i]["values"][name] = value
    return out


def _switches(session, seeds: list[int], base: dict) -> list[dict]:
    """Each of the person's choices that differs from what the scenario would have done, switched back
    one at a time and replayed on the same seeds; sorted by the change in the share adopted lawfully
    and implemented, then in the share adopted."""
    replay = type(session)(session.name, session.data_json, session.seed, session.lang)
    rows = []
    for i, choice in enumerate(session.choices):
        fields = {f.name: f for f in replay.point.fields}
        for name, value in choice["values"].items():
            f = fields[name]
            same = sorted(value) == sorted(f.default) if f.kind == "many" else value == f.default  # channels: a set
            if same or (name == "more_count" and not choice["values"].get("more_from")):
                continue
            after = distribution([outcome(play(session.name, session.data_json, s, choices_with(session.choices, i, name, f.default)))
                                  for s in seeds])
            label = f.label if choice["point"] != "after_round" else fill(DEBRIEF["round_field"], round=choice["round"], field=f.label)
            rows.append({"choice": label, "from": shown(f, value), "to": shown(f, f.default),
                         **{k: float(after[k] - base[k]) for k in ("good", "adopted", "consensus", "audit")}})
        replay.choose(choice["values"])
    return sorted(rows, key=lambda r: (-r["good"], -r["adopted"], -r["audit"]))


def shown(f, value) -> Text:
    """A field's value in words, in both languages."""
    labels = dict(f.options)
    if isinstance(value, list):
        items = [labels.get(v, Text(v, v)) for v in value]
        return Text("、".join(t.zh for t in items), ", ".join(t.en for t in items)) if items else DEBRIEF["none"]
    if isinstance(value, bool):
        return DEBRIEF["yes" if value else "no"]
    return labels.get(value, Text(str(value), str(value)))


__all__ = ["Debrief", "outcome"]
