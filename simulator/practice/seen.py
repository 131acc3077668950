"""What a convener sees after a round: who came, who spoke, what each group said and why, and a show
of hands. Statements are drawn from the agents' stances and the options' effects; utilities, which
no convener can see, are never shown as numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..i18n import Text, listing
from ..scenario.effects import DIMENSIONS
from .text import EFFECTS, SEEN, fill


@dataclass
class Observation:
    """The latest round as the convener saw it."""

    round: int
    day: float
    proposal: Text
    attendance: pd.DataFrame
    speakers: pd.DataFrame
    statements: list[Text]
    hands: dict

    def text(self, lang: str = "zh") -> str:
        lines = [self.proposal(lang), *(s(lang) for s in self.statements), SEEN["hands"](lang, **self.hands)]
        return "\n".join(lines)


def names(spec) -> list[Text]:
    """The label of each row of ``people.who``: household groups, then organisations."""
    return [Text(x.name.zh, x.name.en) for x in (*spec.population.groups, *spec.population.organisations)]


def observe(model, lang: str = "zh") -> Observation | None:
    """The convener's view of ``model``'s latest round (None before the first)."""
    if model.round == 0:
        return None
    spec, people = model.spec, model.people
    labels = names(spec)
    utility = model.stance_history[model.round]  # the stances as they stood at the end of that round
    came, wrote = model.round_attendees, model.round_written
    k = len(labels)
    count = lambda rows: np.bincount(people.group[rows], minlength=k)  # noqa: E731
    invited, present, written = count(model.invited), count(came), count(wrote)
    turns = np.bincount(people.group[came], weights=model.round_turns, minlength=k).astype(int)
    rows = [c for c in range(k) if invited[c] or present[c] or written[c]]
    cols = {key: SEEN[key](lang) for key in ("group", "invited", "came", "wrote", "turns")}
    attendance = pd.DataFrame({cols["group"]: [labels[c](lang) for c in rows], cols["invited"]: invited[rows],
                               cols["came"]: present[rows], cols["wrote"]: written[rows]})
    spoke = [c for c in rows if turns[c]]
    speakers = pd.DataFrame({cols["group"]: [labels[c](lang) for c in spoke], cols["turns"]: turns[spoke]})
    option = spec.issue.options[model.proposal]
    voices = np.concatenate([came, written])
    statements = [statement(model, c, voices[people.group[voices] == c], utility, labels) for c in range(k)
                  if np.any(people.group[voices] == c)]
    return Observation(model.round, float(model.time), fill(SEEN["proposal"], option=Text(option.name.zh, option.name.en)),
                       attendance, speakers, statements, hands(model, came, utility))


def hands(model, came: np.ndarray, utility: np.ndarray, proposal: int | None = None) -> dict:
    """A show of hands on the proposal (the current one unless given) among those present: for, against,
    unsure (just below acceptable)."""
    accept, band = model.spec.procedure.consensus.accept, model.spec.behaviour.abstain_band
    u = utility[came, model.proposal if proposal is None else proposal]
    yes = int(np.sum(u >= accept))
    unsure = int(np.sum((u < accept) & (u >= accept - band)))
    return {"yes": yes, "no": len(u) - yes - unsure, "unsure": unsure}


def position(u: np.ndarray, consensus) -> str:
    """How a group's members present stand on the proposal: support, accept, object, strong."""
    ok = np.mean(u >= consensus.accept)
    if ok >= 0.75:
        return "support"
    if ok >= 0.5:
        return "accept"
    return "strong" if np.mean(u < consensus.objection) >= 0.5 else "object"


def statement(model, code: int, rows: np.ndarray, utility: np.ndarray, labels: list[Text],
              proposal: int | None = None, on_table: np.ndarray | None = None) -> Text:
    """What group ``code`` says at the table: its position on the proposal and its main reason (the
    current proposal and options, unless those of an earlier round are given, as the record does)."""
    spec = model.spec
    proposal = model.proposal if proposal is None else proposal
    option = spec.issue.options[proposal]
    stance = position(utility[rows, proposal], spec.procedure.consensus)
    reason = why(spec, option, model.people.who[code], stance in ("support", "accept"))
    if stance in ("object", "strong"):
        table = np.flatnonzero(model.on_table if on_table is None else on_table)
        best = int(table[np.argmax(utility[rows][:, table].mean(axis=0))])
        if best != proposal:
            other = spec.issue.options[best]
            reason = Text(*(f"{a}{b}" for a, b in zip(reason, fill(SEEN["prefer"], option=Text(other.name.zh, other.name.en)))))
    return fill(SEEN[stance], group=labels[code], option=Text(option.name.zh, option.name.en), why=reason)


def why(spec, option, who: str, likes: bool) -> Text:
    """The main reason a group gives, from the option's effects on it, else from who gains and who pays."""
    effect = option.effects.get(who)
    if effect is not None:
        sign = "+" if likes else "-"
        items = [EFFECTS[d][sign].format(n=f"{abs(effect.money):,.0f}") for d in DIMENSIONS
                 if (getattr(effect, d) > 0) == likes and getattr(effect, d) != 0]
        if items:
            key = "benefits" if likes else "costs"
            return Text(SEEN[key].zh.format(items=listing([t.zh for t in items], "zh")),
                        SEEN[key].en.format(items=listing([t.en for t in items], "en")))
    if not likes and who in option.pays:
        return SEEN["pays"]
    if likes and who in option.gains:
        return SEEN["gains"]
    return SEEN["none"]
