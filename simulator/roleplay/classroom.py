"""The class's result against the model (课堂结果与模型对照).

After a role-play the trainer enters what the class decided (:class:`ClassResult`); :func:`place`
runs the same design over many seeds and says where the class stood and what differed, and whether
the class's outcome could stand in law (:mod:`.classroom_law`); :func:`.classroom_document.to_document` prints it.

"Objected" is the model's own reading of a run's end (``docs/model.md`` section 14): a group
objected when most of its households cannot live with the outcome (the decision, or the last
proposal when there is none: acceptance below ``accept``), an organisation by its own acceptance;
"strongly" when most are below ``objection``; a group whose harmed households stopped the decision
(:mod:`simulator.consultation.aftermath`) objected too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from ..consultation import metrics
from ..consultation.runs import check_seed, run, scenario_of
from ..i18n import BilingualError, Text, check_lang
from ..law import BODIES
from ..scenario import Scenario
from .classroom_law import lawfulness
from .classroom_text import CLASS, ERRORS, SAY, TABLE, fill, percent

VOTES = ("passed", "failed")
MAX_SEEDS = 1000
ALIKE = 10  # objections are compared on the runs that ended as the class did, when there are this many


def _error(key: str, **values) -> BilingualError:
    return BilingualError(*fill(ERRORS[key], **values))


def _whole(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


@dataclass(frozen=True)
class ClassResult:
    """What the class decided: the option (None: no decision), how many rounds, the vote if any
    ("passed"/"failed", with the tally ``(yes, entitled)`` if counted) and the groups that objected."""

    option: str | None
    rounds: int
    vote: str | None = None
    tally: tuple[int, int] | None = None
    objected: tuple[str, ...] = ()

    def __post_init__(self):
        option = None if self.option is None or (isinstance(self.option, str) and self.option in ("", "none")) else self.option
        if option is not None and not isinstance(option, str):
            raise _error("option_type", value=repr(self.option))
        if not _whole(self.rounds) or self.rounds < 1:
            raise _error("rounds", value=repr(self.rounds))
        if self.vote not in (None, *VOTES):
            raise _error("vote", value=repr(self.vote))
        tally = self.tally
        if tally is not None:
            if self.vote is None:
                raise _error("tally_alone")
            ok = isinstance(tally, (tuple, list)) and len(tally) == 2 and all(_whole(x) for x in tally)
            if not ok or not 1 <= tally[1] or not 0 <= tally[0] <= tally[1]:
                yes, entitled = (tally[0], tally[1]) if isinstance(tally, (tuple, list)) and len(tally) == 2 else (tally, "?")
                raise _error("tally", yes=repr(yes), entitled=repr(entitled))
            tally = (int(tally[0]), int(tally[1]))
        objected = self.objected
        if isinstance(objected, str) or not isinstance(objected, (tuple, list)) or not all(isinstance(g, str) for g in objected):
            raise _error("objected_type", value=repr(objected))
        if self.vote == "passed" and option is None:
            raise _error("passed_none")
        object.__setattr__(self, "option", option)
        object.__setattr__(self, "tally", tally)
        object.__setattr__(self, "objected", tuple(dict.fromkeys(objected)))

    def check(self, spec: Scenario) -> ClassResult:
        """The same result, once its option and groups are found in ``spec`` (else a bilingual error)."""
        options = spec.option_ids()
        if self.option is not None and self.option not in options:
            raise _error("option", valid=", ".join(options), value=repr(self.option))
        who = group_ids(spec)
        unknown = [g for g in self.objected if g not in who]
        if unknown:
            raise _error("objected", valid=", ".join(who), value=", ".join(map(repr, unknown)))
        return self


def tally_from(text: str | None) -> tuple[int, int] | None:
    """A tally written ``yes/entitled`` (``18/30``); None when empty."""
    if text is None or not text.strip():
        return None
    yes, _, entitled = text.strip().partition("/")
    try:
        return int(yes), int(entitled)
    except ValueError:
        raise _error("tally_text", value=repr(text)) from None


def group_ids(spec: Scenario) -> list[str]:
    """The ids a class can name as objecting: household groups, then organisations."""
    return [x.id for x in (*spec.population.groups, *spec.population.organisations)]


def group_names(spec: Scenario) -> dict[str, Text]:
    return {x.id: Text(x.name.zh, x.name.en) for x in (*spec.population.groups, *spec.population.organisations)}


def option_name(spec: Scenario, option: str | None) -> Text:
    if option is None:
        return CLASS["none"]
    o = next(o for o in spec.issue.options if o.id == option)
    return Text(o.name.zh, o.name.en)


def seed_list(seeds) -> list[int]:
    """``seeds`` runs (seeds 0, 1, …) or the seeds given."""
    if _whole(seeds):
        if not 1 <= seeds <= MAX_SEEDS:
            raise _error("seeds", value=repr(seeds))
        return list(range(int(seeds)))
    if isinstance(seeds, (list, tuple, range)) and 1 <= len(seeds) <= MAX_SEEDS:
        try:
            for s in seeds:
                check_seed(s)
        except BilingualError:
            raise _error("seeds", value=repr(seeds)) from None
        return [int(s) for s in seeds]
    raise _error("seeds", value=repr(seeds))


def ending(model) -> dict:
    """How one finished run ended: decision, rounds, vote, which groups objected (module docstring), and
    which would object to each option, as the run left their stances."""
    people, rule, ids = model.people, model.spec.procedure.consensus, model.spec.option_ids()
    against, strongly = {o: [] for o in ids}, {o: [] for o in ids}
    for code, who in enumerate(people.who):
        u = people.utility[people.group == code]
        if len(u):
            for o, no, strong in zip(ids, (u >= rule.accept).mean(axis=0) < 0.5, (u < rule.objection).mean(axis=0) >= 0.5):
                against[o] += [who] if no else []
                strongly[o] += [who] if strong else []
    option = ids[metrics.supported_option(model)]
    blocked = () if model.aftermath is None else tuple(model.aftermath.blocked_by)
    vote, tally = model.vote, model.vote.tally if model.vote is not None else {}
    return {
        "decision": None if model.decision is None else ids[model.decision],
        "rounds": int(model.round),
        "vote": None if vote is None else ("passed" if vote.passed else "failed"),
        "yes_share": float(tally["yes"] / tally["entitled"]) if tally.get("entitled") else np.nan,
        "objected": tuple(w for w in people.who if w in against[option] or w in blocked),
        "strong": tuple(strongly[option]),
        "blocked": blocked,
        "implemented": bool(model.aftermath is not None and model.aftermath.implemented),
        "against": {o: tuple(v) for o, v in against.items()},
        "strongly": {o: tuple(v) for o, v in strongly.items()},
    }


def model_runs(scenario, seeds=200, overrides: Sequence[str] = ()) -> pd.DataFrame:
    """The same design run once per seed, in this process: one row per seed (:func:`ending`)."""
    spec = scenario_of(scenario, overrides)
    rows = [{"seed": s, **ending(run(spec, s).model)} for s in seed_list(seeds)]
    return pd.DataFrame(rows, columns=["seed", "decision", "rounds", "vote", "yes_share", "objected", "strong",
                                       "blocked", "implemented", "against", "strongly"])


@dataclass(frozen=True)
class Placement:
    """Where the class stood among the model's runs of the same design, and what differed."""

    spec: Scenario
    result: ClassResult
    runs: pd.DataFrame  # one row per seed (:func:`model_runs`)
    lang: str = "zh"
    lawful: bool | None = None  # None: the class decided nothing
    law: tuple[Text, ...] = ()
    sentences: tuple[Text, ...] = field(default=())  # the law first, then where the class stood

    @property
    def n(self) -> int:
        return len(self.runs)

    @property
    def seeds(self) -> list[int]:
        return self.runs["seed"].tolist()

    def options(self) -> dict[str | None, float]:
        """Share of runs ending in each option (None: no decision), in the scenario's order."""
        counts = self.runs["decision"].value_counts(dropna=False)
        counts.index = [None if not isinstance(k, str) else k for k in counts.index]
        return {k: float(counts.get(k, 0)) / self.n for k in [*self.spec.option_ids(), None]}

    @property
    def option_share(self) -> float:
        return self.options()[self.result.option]

    @property
    def top(self) -> str | None:
        """The outcome most runs end in (the first in the scenario's order on a tie)."""
        shares = self.options()
        return max(shares, key=shares.get)

    def rounds(self) -> dict[int, float]:
        """Share of runs that took each number of rounds."""
        counts = self.runs["rounds"].value_counts().sort_index()
        return {int(k): float(v) / self.n for k, v in counts.items()}

    def rounds_against(self) -> dict[str, float]:
        """Share of runs needing fewer, the same and more rounds than the class."""
        r, mine = self.runs["rounds"], self.result.rounds
        return {"fewer": float((r < mine).mean()), "same": float((r == mine).mean()), "more": float((r > mine).mean())}

    def votes(self) -> dict[str, float | None]:
        """Share of runs that went to a vote, and of those the share that passed."""
        voted = self.runs["vote"].notna()
        passed = float((self.runs["vote"][voted] == "passed").mean()) if voted.any() else None
        return {"voted": float(voted.mean()), "passed": passed}

    def alike(self) -> pd.DataFrame | None:
        """The runs that ended as the class did (the same option, or no decision), when there are at
        least :data:`ALIKE` of them; else None."""
        same = self.runs["decision"].map(lambda d: (d if isinstance(d, str) else None) == self.result.option)
        return self.runs[same] if same.sum() >= ALIKE else None

    def groups(self) -> dict[str, dict]:
        """Per group, how often it objected: in the runs that ended as the class did (:meth:`alike`); where
        too few did, in all runs, judged against the class's option as each run left the stances. Also how
        often strongly, how often it blocked the class's option, how often it objected to the runs' own
        outcomes, and whether it objected in class."""
        runs, alike, option = self.runs, self.alike(), self.result.option
        judged = "objected" if alike is not None or option is None else "against"  # against: per option, pick the class's

        def share(rows: pd.DataFrame, column: str, g: str) -> float:
            ids = rows[column] if column in ("objected", "strong", "blocked") else rows[column].map(lambda d: d[option])
            return float(ids.map(lambda x: g in x).mean())
        rows = runs if alike is None else alike
        out = {}
        for g in group_ids(self.spec):
            stopped = float(((rows["decision"] == option) & rows["blocked"].map(lambda ids: g in ids)).mean())
            out[g] = {"objected": share(rows, judged, g), "strong": share(rows, "strong" if judged == "objected" else "strongly", g),
                      "blocked": stopped, "all": share(runs, "objected", g), "class": g in self.result.objected}
        return out

    def text(self, lang: str | None = None) -> str:
        """The sentences, one a line."""
        lang = check_lang(lang or self.lang)
        return "\n".join(s(lang) for s in self.sentences)

    def table(self, lang: str | None = None) -> pd.DataFrame:
        """Per group: how often it objects in the model, and whether it did in class."""
        lang = check_lang(lang or self.lang)
        names = group_names(self.spec)
        alike = self.alike()
        rows = [[names[g](lang), percent(v["objected"]), percent(v["strong"]), percent(v["blocked"]), percent(v["all"]),
                 TABLE["objected"](lang) if v["class"] else CLASS["nobody"](lang)] for g, v in self.groups().items()]
        first = TABLE["objected_ended"](lang, n=self.n) if alike is None else TABLE["objected_alike"](lang, k=len(alike))
        columns = [TABLE["group"](lang), first, *(TABLE[c](lang) for c in ("strong", "blocked", "objected_all", "class_objected"))]
        return pd.DataFrame(rows, columns=columns)


def place(scenario, result: ClassResult, seeds=200, overrides: Sequence[str] = (), lang: str = "zh",
          runs: pd.DataFrame | None = None) -> Placement:
    """Run the same design over ``seeds`` (200 runs: seeds 0–199) and place the class's ``result`` among
    them (``runs``: the rows of :func:`model_runs` already computed for this design, to reuse)."""
    check_lang(lang)
    spec = scenario_of(scenario, overrides)
    if not isinstance(result, ClassResult):
        raise BilingualError("result 应为 ClassResult（课堂结果）", "result must be a ClassResult")
    result.check(spec)
    runs = model_runs(spec, seeds) if runs is None else runs
    lawful, law = lawfulness(spec, result.option, result.vote, result.tally)
    bare = Placement(spec, result, runs, lang, lawful, tuple(law))
    return replace(bare, sentences=(*law, *_stood(bare)))


def _stood(p: Placement) -> list[Text]:
    """Where the class stood and what differed, in plain words."""
    spec, result, n = p.spec, p.result, p.n
    out = []
    top, share = p.top, p.option_share
    words = dict(option=option_name(spec, result.option), n=n, share=percent(share), top=option_name(spec, top),
                 top_share=percent(p.options()[top]))
    if result.option is None:
        out.append(fill(SAY["none_top" if top is None else "none"], **words))
    else:
        out.append(fill(SAY["chose_top" if result.option == top else "chose_never" if share == 0 else "chose"], **words))
    against, mine = p.rounds_against(), result.rounds
    if against["fewer"] == 0 and against["more"] > 0 and against["same"] < 0.5:
        out.append(fill(SAY["rounds_more"], rounds=mine, more=percent(against["more"]), next=mine + 1))
    else:
        out.append(fill(SAY["rounds"], rounds=mine, **{k: percent(v) for k, v in against.items()}))
    most = spec.procedure.rounds.max
    if mine > most:
        out.append(fill(SAY["rounds_max"], max=most))
    votes, body = p.votes(), _body(spec)
    if votes["voted"] == 0 and result.vote is None:
        out.append(SAY["vote_never"])
    else:
        passed = "—" if votes["passed"] is None else percent(votes["passed"])
        if result.vote is None:
            out.append(fill(SAY["vote_none"], voted=percent(votes["voted"]), passed=passed, body=body))
        else:
            out.append(fill(SAY["vote_class"], voted=percent(votes["voted"]), passed=passed, body=body,
                            verdict=CLASS[result.vote]))
    yes = p.runs["yes_share"].dropna()
    if result.tally is not None and len(yes):
        mine_share = result.tally[0] / result.tally[1]
        out.append(fill(SAY["tally"], share=percent(mine_share), median=percent(float(yes.median())),
                        below=percent(float((yes < mine_share).mean()))))
    names, differed, alike = group_names(spec), [], p.alike()
    basis = fill(SAY["all"], n=n) if alike is None else fill(SAY["alike"], k=len(alike))
    for g, v in p.groups().items():
        if v["objected"] >= 0.5 and not v["class"]:
            differed.append(fill(SAY["objection_missing"], group=names[g], share=percent(v["objected"]), runs=basis))
        elif v["objected"] < 0.5 and v["class"]:
            differed.append(fill(SAY["objection_extra"], group=names[g], share=percent(v["objected"]), runs=basis))
    out += differed or [SAY["objection_same"]]
    if result.option is not None:
        adopted = p.runs[p.runs["decision"] == result.option]
        stopped = adopted[~adopted["implemented"]]
        if len(stopped):
            blockers = list(dict.fromkeys(g for ids in stopped["blocked"] for g in ids))
            groups = Text("、".join(names[g].zh for g in blockers), ", ".join(names[g].en for g in blockers))
            out.append(fill(SAY["blocked"], option=option_name(spec, result.option), share=percent(len(stopped) / len(adopted)),
                            groups=groups))
    out.append(SAY["caveat"])
    return out


def _body(spec: Scenario) -> Text:
    return BODIES[spec.procedure.escalation.body].name
