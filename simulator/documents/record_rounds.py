"""The record's 协商过程 (Art. 7(3)): each round as the convener saw it (attendance by group, the show
of hands, each option's first choices, the views and reasons each group gave, the conclusion and the next
step), then the actions taken before the next round; a practice session's choices where they were made."""

from __future__ import annotations

import numpy as np

from ..consultation.runs import Run
from ..i18n import BilingualError, Text, check_lang, term
from ..law import BODIES
from ..practice.seen import hands, names, statement
from ..practice.text import TITLES, fill
from .blocks import Fields, Heading, Items, Paragraph, Table
from .record_text import COLUMNS, LABELS, SAY

UNFINISHED = Text("协商还没有结束，还不能写出协商记录", "the consultation is not over yet: there is no record to write")


class Record:
    """What every part of the record reads: the run, its summary in the record's language, the session."""

    def __init__(self, run, lang: str, session=None):
        if not run.model.finished:
            raise BilingualError(*UNFINISHED)
        self.run, self.lang, self.session = run, check_lang(lang), session
        self.model, self.spec = run.model, run.model.spec
        self.summary = run.summary if lang == run.lang else Run(run.model, run.seed, lang).summary
        self.audit = self.summary["audit"]

    def stages(self, kind: str) -> list:
        return [s for s in self.model.records if s.stage == kind]

    def stage(self, kind: str):
        found = self.stages(kind)
        return found[-1] if found else None

    def day(self, day: float) -> str:
        return SAY["day"](self.lang, day=day)

    def option(self, option_id: str) -> str:
        return self.spec.option_names(self.lang).get(option_id, option_id)


def choices(r: Record, kinds: tuple[str, ...], round: int | None = None) -> list[str]:
    """The convener's choices at these decision points, in words (none without a practice session)."""
    if r.session is None:
        return []
    out = []
    for c in r.session.choices:
        if c["point"] in kinds and (round is None or c.get("round") == round):
            title = fill(TITLES[c["point"]], round=c.get("round", 0))(r.lang)
            out.append(SAY["choice"](r.lang, what=title, choice=r.session.describe(c, r.lang) or SAY["rules_default"](r.lang)))
    return out


def process(r: Record) -> list:
    """Every round of the consultation, in order."""
    rounds = r.stages("round")
    out = []
    for i, (rec, held) in enumerate(zip(rounds, r.model.round_people)):
        following = rounds[i + 1] if i + 1 < len(rounds) else None
        out += _round(r, rec, held, following)
    return out


def _round(r: Record, rec, held, following) -> list:
    m, spec, lang, d = r.model, r.spec, r.lang, rec.detail
    people, labels = m.people, names(spec)
    came, wrote, turns, on_table = held
    proposal = spec.option_ids().index(d["proposal"])
    utility = m.stance_history[rec.round]  # the stances as they stood at the end of that round
    option = r.option(d["proposal"])
    rows = [(LABELS["proposal"](lang), option),
            (LABELS["attendance"](lang), SAY["attendance"](lang, came=len(came), wrote=len(wrote), turns=int(np.sum(turns)))),
            (LABELS["hands"](lang), SAY["hands"](lang, **hands(m, came, utility, proposal))),
            (LABELS["check"](lang), SAY["check"](lang, share=d["acceptance"], option=option, strong=d["strong_objection"],
                                                 verdict=SAY["agreed" if d["consensus"] else "split"](lang),
                                                 rule=term(spec.procedure.consensus.rule, lang))),
            (LABELS["next"](lang), _next(r, rec, following))]
    out = [Heading(SAY["round"](lang, round=rec.round, day=r.day(rec.day)), level=2), Fields(tuple(rows))]
    k = len(labels)
    count = lambda rows: np.bincount(people.group[rows], minlength=k)  # noqa: E731
    invited, present, written = count(m.invited), count(came), count(wrote)
    spoke = np.bincount(people.group[came], weights=turns, minlength=k).astype(int)
    shown = [c for c in range(k) if invited[c] or present[c] or written[c]]
    out.append(Table(tuple(COLUMNS[c](lang) for c in ("group", "invited", "came", "wrote", "turns")),
                     tuple((labels[c](lang), str(invited[c]), str(present[c]), str(written[c]), str(spoke[c])) for c in shown)))
    voices = np.concatenate([came, wrote]).astype(int)
    table = np.flatnonzero(on_table)
    if len(voices):
        first = np.bincount(table[np.argmax(utility[voices][:, table], axis=1)], minlength=len(on_table))
        out.append(Table((COLUMNS["option"](lang), COLUMNS["first"](lang)),
                         tuple((r.option(spec.issue.options[o].id), str(first[o])) for o in table)))
        said = [statement(m, c, voices[people.group[voices] == c], utility, labels, proposal, on_table)(lang)
                for c in range(k) if np.any(people.group[voices] == c)]
        out += [Paragraph(SAY["reasons"](lang)), Items(tuple(said))]
    actions = _actions(r, rec)
    if actions:
        out += [Paragraph(LABELS["actions"](lang)), Items(tuple(actions))]
    made = choices(r, ("after_round",), rec.round)
    if made:
        out.append(Items(tuple(made)))
    return out


def _next(r: Record, rec, following) -> str:
    """What came after the round: another round, the vote, a decision as agreed, or closing."""
    lang = r.lang
    if following is not None:
        return SAY["another_round"](lang, day=r.day(following.day))
    vote = r.stage("escalation")
    if vote is not None and vote.round == rec.round:
        return SAY["escalate"](lang, body=BODIES[vote.detail["body"]].name(lang))
    return SAY["decide" if rec.detail["consensus"] else "close"](lang)


def _actions(r: Record, rec) -> list[str]:
    """The actions the convener took after this round, micro-consultations with what they found."""
    lang, out = r.lang, []
    micro = [s for s in r.stages("micro_consultation") if s.round == rec.round]
    for action in rec.detail.get("actions", []):
        if action == "home_visits":
            out.append(SAY["visits"](lang, n=r.spec.procedure.rounds.visits))
        elif action == "micro_consultation" and micro:
            out += [_micro(r, s) for s in micro]
        else:
            out.append(term(action, lang))
    return out


def _micro(r: Record, s) -> str:
    lang, d = r.lang, s.detail
    labels = dict(zip(r.model.people.who, names(r.spec)))
    who = [labels[d["group"]](lang)] if d.get("group") else []
    if d.get("place"):
        who.append(SAY["micro_place"](lang))
    return SAY["micro"](lang, day=r.day(s.day), who=Text("，", ", ")(lang).join(who) or "-", households=d["households"],
                        meetings=d["meetings"], came=d["attendees"], option=r.option(d["option"]), share=d["acceptance"],
                        agreed=SAY["agreed" if d["agreement"] else "split"](lang),
                        tabled=SAY["micro_tabled"](lang) if d.get("tabled") else "")
