"""A year of consultations: several topics consulted one after another in one community.

The households are the same from one topic to the next, matched row by row, so every topic must
describe the same number of households. Each topic draws the households' interests in *its*
matter from its own groups (who keeps a dog, who has two cars); what carries over is their
relationship with the convener:

* **trust**, as the last consultation left it (:mod:`.legacy`), which also moves turnout: a
  household whose trust rose since the year began comes a little more readily, one whose trust
  fell stays away more (``behaviour.legacy.turnout``);
* **who has been heard**: where a consultation kept its record, the concerns it heard stay on
  file and count as collected in the next topic stage (Art. 7(1), 11);
* **the record**: the list of earlier decisions, with whether each was published, explained and
  recorded.

Every topic draws from its own child of the series' seed (``numpy.random.SeedSequence``): the
same topics and seed give the same year in any process.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..i18n import BilingualError, check_lang, texts
from ..scenario import Scenario, load, resolve, with_overrides
from ..scenario.series import MAX_TOPICS, SeriesError, is_series, load_series, topic_source
from . import legacy
from .model import ConsultationModel
from .runs import Run, check_seed

WORDS = texts({
    "none": ("没有议题：一年的协商至少要有一个议题", "no topics: a year of consultations needs at least one"),
    "too_many": ("议题过多（{count} 个，上限 {most} 个：每月一次）", "too many topics ({count}; at most {most}, one a month)"),
    "households": ("第 {k} 个议题（{name}）：{got} 户，而这个社区（第 1 个议题 {first}）有 {want} 户。一年的协商在同一个社区里进行，"
                   "各议题的住户须相同；可用 population.households={want} 修改",
                   "topic {k} ({name}): {got} households, but the community (topic 1, {first}) has {want}. A year of "
                   "consultations is held in one community, so every topic needs the same households; set population.households={want}"),
    "topic": ("第 {k} 个议题：{message}", "topic {k}: {message}"),
    "list": ("议题应为系列名、系列文件或议题列表，实际为 {got!r}", "topics must be a series name, a series file or a list of topics, got {got!r}"),
    "kind": ("第 {k} 个议题应为情景名、情景文件或 Scenario，实际为 {got!r}", "topic {k} must be a scenario name, a file or a Scenario, got {got!r}"),
})


@dataclass
class Series:
    """A year of consultations: one finished :class:`Run` per topic, in order, and the record."""

    runs: list[Run]
    seed: int | None
    record: list[dict]
    lang: str = "zh"

    def table(self) -> pd.DataFrame:
        """One row per topic: consensus, adoption, trust before and after, turnout (at the first meeting), compliance."""
        rows = []
        for k, (run, entry) in enumerate(zip(self.runs, self.record), 1):
            s = run.summary
            rows.append({"topic": k, "scenario": s["scenario"], "title": s["title"], "consensus": s["consensus"],
                         "adopted": s["decision"] is not None, "decision": s["decision"],
                         "trust_before": s["legacy"]["trust_before"], "trust_after": s["legacy"]["trust_after"],
                         "turnout": entry["turnout"], "expected_compliance": s["expected_compliance"],
                         "heard_so_far": entry["heard_so_far"]})
        return pd.DataFrame(rows)


def turnout(m) -> float:
    """Share of the invited households who took part in the round just held (came, or gave a written view)."""
    hh = m.people.is_household
    invited = int(hh[m.invited].sum())
    came = int(hh[m.round_attendees].sum() + hh[m.round_written].sum())
    return round(came / invited, 4) if invited else 0.0


def _play(m) -> float:
    """Run ``m`` to the end; return the first meeting's turnout (later rounds follow the convener's visits)."""
    first = 0.0
    while not m.finished:
        stage = m.advance()
        if stage is not None and stage.stage == "round" and stage.round == 1:
            first = turnout(m)
    return first


def topics_of(topics, overrides=()) -> list[Scenario]:
    """The topics as validated scenarios: a series file or shipped series' name, or a list of scenario
    names, files, :class:`Scenario` objects or ``{"scenario": ..., "set": [...]}`` items. ``overrides`` apply
    to every topic, after each topic's own."""
    if isinstance(topics, (str, Path)):
        if not is_series(topics):
            topics = [topics]
        else:
            spec, folder = load_series(topics)
            topics = [{"scenario": topic_source(t, folder), "set": t.set} for t in spec.topics]
    if not isinstance(topics, (list, tuple)):
        raise SeriesError(*WORDS["list"].format(got=topics))
    if not topics:
        raise SeriesError(*WORDS["none"].format())
    if len(topics) > MAX_TOPICS:
        raise SeriesError(*WORDS["too_many"].format(count=len(topics), most=MAX_TOPICS))
    out = []
    for k, item in enumerate(topics, 1):
        own = []
        if isinstance(item, dict) and set(item) <= {"scenario", "set"} and "scenario" in item:
            item, own = item["scenario"], list(item.get("set") or [])
        try:
            if isinstance(item, Scenario):
                data = item.model_dump(mode="json")
                out.append(with_overrides(data, [*own, *overrides], source=item.id) if own or overrides else item)
            elif isinstance(item, (str, Path)) and str(item):
                out.append(load(resolve(item), [*own, *overrides]))
            else:
                raise SeriesError(*WORDS["kind"].format(k=k, got=item))
        except SeriesError:
            raise
        except BilingualError as exc:
            raise SeriesError(WORDS["topic"]("zh", k=k, message=exc.message("zh")),
                              WORDS["topic"]("en", k=k, message=exc.message("en"))) from None
    first = out[0]
    for k, s in enumerate(out[1:], 2):
        if s.population.households != first.population.households:
            raise SeriesError(*WORDS["households"].format(k=k, name=s.id, got=s.population.households, first=first.id,
                                                          want=first.population.households))
    return out


def series(topics, seed: int | None = 0, overrides: list[str] | tuple[str, ...] = (), *, lang: str = "zh") -> Series:
    """Consult several topics one after another in one community (a year of consultations).

    ``topics``: a shipped series' name (``estate_year``), a series file, or a list of topics (see
    :func:`topics_of`); ``overrides`` apply to every topic, e.g. ``["procedure.publication.channels=[]"]``.
    """
    check_lang(lang)
    check_seed(seed)
    scenarios = topics_of(topics, overrides)
    children = np.random.SeedSequence(seed).spawn(len(scenarios))
    runs, record = [], []
    start = trust = on_file = ever = None
    for child, scenario in zip(children, scenarios):
        model = ConsultationModel(scenario, rng=np.random.default_rng(child))
        h = model.people.households
        if trust is None:
            start, on_file, ever = model.people.trust[:h].copy(), np.zeros(h, dtype=bool), np.zeros(h, dtype=bool)
        else:  # the same households meet the same convener again
            legacy.carry(model, trust, start, on_file)
        share = _play(model)
        trust = legacy.trust_after(model)
        heard = legacy.heard(model)
        ever |= heard
        if scenario.procedure.record:
            on_file = on_file | heard
        run = Run(model, None if seed is None else int(seed), lang)
        record.append(_entry(model, run, share, float(ever.mean())))
        runs.append(run)
    return Series(runs, None if seed is None else int(seed), record, lang)


def _entry(m, run: Run, share: float, heard_so_far: float) -> dict:
    """What the record keeps of one consultation: what was decided, and whether it was made known."""
    s, p = run.summary, m.spec.procedure
    return {"scenario": s["scenario"], "title": s["title"], "decision": s["decision"], "consensus": s["consensus"],
            "published": bool(p.publication.channels), "explained": p.implementation.explain_to_dissenters,
            "recorded": p.record, "turnout": share, "heard_so_far": round(heard_so_far, 4)}


def mean_table(results: list[Series]) -> pd.DataFrame:
    """Per topic, the mean over several seeds of each number in :meth:`Series.table`."""
    frame = pd.concat([r.table() for r in results])
    numbers = ["consensus", "adopted", "trust_before", "trust_after", "turnout", "expected_compliance", "heard_so_far"]
    means = frame.groupby("topic")[numbers].mean(numeric_only=False).astype(float).round(4)
    first = frame.drop_duplicates("topic").set_index("topic")[["scenario", "title"]]
    return first.join(means).reset_index()
