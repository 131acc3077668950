"""The consultation catalogue (协商目录, Art. 4): the topics a community consults on, the level at which
each is consulted, the body that decides each matter, and whether it must be consulted before it is decided.

A community keeps its catalogue in a YAML file, checked like a scenario (located, bilingual errors). A
scenario names its entry (``issue.catalogue``); :func:`check` holds the scenario to it when it is loaded.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import Field, model_validator

from ..law import BODIES, MATTER_TABLE, wrong_body
from .base import TOPICS, Data, Text, fail
from .errors import ScenarioError, located
from .reading import read, validated
from .shipped import scenarios_dir

#: Levels at which a topic is consulted (Art. 9's 微协商 below the community; Art. 10 across villages).
LEVELS = ("community", "estate", "building", "stairwell", "villager_group", "village", "cross_village")
LEVEL_NAMES = {"community": ("社区", "community"), "estate": ("小区", "estate"), "building": ("楼栋", "building"),
               "stairwell": ("单元（楼门）", "stairwell"), "villager_group": ("村民小组", "villager group"),
               "village": ("村", "village"), "cross_village": ("跨村（社区）", "across villages (communities)")}

_VILLAGE_BODIES = ("villagers_meeting", "villager_representatives_meeting", "collective_members_meeting",
                   "collective_representatives_meeting")


_Body = Literal[tuple(BODIES)]  # type: ignore[valid-type]


class Decider(Data):
    """Who decides one matter of the topic (consistent with :data:`simulator.law.MATTER_TABLE`)."""

    matter: Literal[tuple(MATTER_TABLE)] = Field(description="事项类别（simulator.law.MATTER_TABLE） / the matter")  # type: ignore[valid-type]
    body: _Body | list[_Body] | None = Field(
        None, description="决定该事项的机构（可列出几个，如村民会议或经授权的村民代表会议）；不写：协商即可议定（仅限法律未保留的事项） / "
        "the body that decides it (or a list, e.g. the villagers' meeting or the representatives it delegates to); none: the "
        "consultation settles it (only for matters the law reserves to no body)")

    @property
    def bodies(self) -> tuple[str, ...]:
        """The bodies the catalogue names (none: the consultation settles it)."""
        return () if self.body is None else (self.body,) if isinstance(self.body, str) else tuple(self.body)

    @model_validator(mode="after")
    def _lawful(self):
        m = MATTER_TABLE[self.matter]
        if self.body is None and m.reserved:
            raise fail(f"{m.name.zh}（{self.matter}）依法须由{m.required_bodies('zh')}决定，请写明 body。依据：{m.law.zh}",
                       f"{m.name.en} ({self.matter}) must be decided by the {m.required_bodies('en')}: name the body. Law: {m.law.en}",
                       at=("body",))
        if isinstance(self.body, list) and not self.body:
            raise fail("body 列表不能为空（协商即可议定时不写 body）", "body must not be an empty list (leave it out if the consultation settles it)",
                       at=("body",))
        for i, body in enumerate(self.bodies):
            problem = wrong_body(self.matter, body)
            if problem is not None:
                raise fail(*problem.text, at=("body", i) if isinstance(self.body, list) else ("body",))
        return self


class Entry(Data):
    """One topic of the catalogue."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="条目 id，情景用 issue.catalogue.entry 引用 / the entry id a scenario names")
    name: Text
    topic: Literal[TOPICS] = Field(description="议题类别（第四条第一至五项） / kind of topic (Art. 4 items 1-5)")  # type: ignore[valid-type]
    level: Literal[LEVELS] = Field(description="在哪一层级协商（社区、小区、楼栋、单元、村民小组、村、跨村） / the level at which it is consulted")  # type: ignore[valid-type]
    decides: list[Decider] = Field(min_length=1, description="各事项由谁决定 / who decides each matter")
    consult_first: bool = Field(
        False, description="决定前必须先协商（第四条第（五）项：法律法规和政策明确要求协商的事项） / must be consulted before it is decided "
        "(Art. 4(5): matters the law or policy requires to be consulted)")
    basis: Text = Field(description="依据（条文、法律），没有依据的写“假设” / basis (article, law), or “assumption”")

    @model_validator(mode="after")
    def _once(self):
        matters = [d.matter for d in self.decides]
        for i, m in enumerate(matters):
            if m in matters[:i]:
                raise fail(f"事项 {m} 列了两次", f"the matter {m} is listed twice", at=("decides", i, "matter"))
        return self


class Catalogue(Data):
    """A community's consultation catalogue (协商目录), drawn up under the township's guidance (Art. 4)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    community: Text = Field(description="哪一类村（社区） / the community it is for")
    entries: list[Entry] = Field(min_length=1, description="协商目录条目 / the topics")

    @model_validator(mode="after")
    def _unique(self):
        ids = [e.id for e in self.entries]
        for i, e in enumerate(ids):
            if e in ids[:i]:
                raise fail(f"条目 id {e} 重复", f"the entry id {e} appears twice", at=("entries", i, "id"))
        return self

    def entry(self, id: str) -> Entry | None:
        return next((e for e in self.entries if e.id == id), None)


class CatalogueRef(Data):
    """Which catalogue entry a scenario's issue is (Art. 4)."""

    file: str = Field(min_length=1, description="协商目录文件（相对情景文件，或内置的 catalogues/estate.yaml） / the catalogue file "
                      "(relative to the scenario file, or a shipped one such as catalogues/estate.yaml)")
    entry: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="目录中的条目 id / the entry id in the catalogue")


def from_data(data, *, source: str = "", root: yaml.Node | None = None) -> Catalogue:
    """Validate plain data as a :class:`Catalogue`, or raise :class:`ScenarioError`."""
    return validated(Catalogue, data, source=source, root=root)


def load(path: str | Path) -> Catalogue:
    """Load and validate a catalogue file."""
    path = Path(path)
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        stamp = 0
    return _load(str(path), stamp)


@lru_cache(maxsize=32)
def _load(path: str, stamp: int) -> Catalogue:
    data, root = read(path)
    return from_data(data, source=Path(path).name, root=root)


def looks_like(path: str | Path) -> bool:
    """Whether a file holds a catalogue (``entries``, no ``issue``) rather than a scenario."""
    try:
        data, _ = read(path)
    except ScenarioError:
        return False  # let the scenario loader report it
    return isinstance(data, dict) and "entries" in data and "issue" not in data


def find(file: str, folder: Path) -> Path | None:
    """The catalogue file a scenario names: beside the scenario, else among the shipped ones (so a copy of a
    shipped scenario, e.g. ``cases/…`` naming ``../catalogues/estate.yaml``, still finds it)."""
    shipped = scenarios_dir()
    for path in (folder / file, shipped / file, shipped.joinpath(*[p for p in Path(file).parts if p != ".."])):
        if path.is_file():
            return path
    return None


def level_of(s) -> str:
    """The level a scenario (a :class:`~.schema.Scenario`) consults at: ``issue.level`` if given, else what its body implies."""
    if s.issue.level is not None:
        return s.issue.level
    if s.population.villages:
        return "cross_village"
    body = s.procedure.escalation.body
    return "village" if body in _VILLAGE_BODIES else "estate" if body == "owners_assembly" else "community"


def problem(s, entry: Entry) -> tuple[tuple, str, str] | None:
    """Where the scenario departs from its catalogue entry (scenario field path, zh, en), or None."""
    if s.issue.topic != entry.topic:
        return ("issue", "topic"), f"应为 {entry.topic}（与目录条目一致），实际为 {s.issue.topic}", \
            f"expected {entry.topic} (as the catalogue entry says), got {s.issue.topic}"
    bodies = {d.matter: d.bodies for d in entry.decides}
    body = s.procedure.escalation.body
    for i, opt in enumerate(s.issue.options):
        if opt.legal_class not in bodies:
            if MATTER_TABLE[opt.legal_class].reserved:
                return ("issue", "options", i, "legal_class"), f"目录条目没有列出事项 {opt.legal_class} 由谁决定（已列：{list(bodies)}）", \
                    f"the catalogue entry does not say who decides the matter {opt.legal_class} (it lists {list(bodies)})"
        elif bodies[opt.legal_class] and body not in bodies[opt.legal_class]:
            want = [BODIES[b].name for b in bodies[opt.legal_class]]
            return ("procedure", "escalation", "body"), \
                f"方案 {opt.id} 的事项 {opt.legal_class} 按目录由{'或'.join(w.zh for w in want)}决定，情景却交{BODIES[body].name.zh}", \
                f"option {opt.id}: the catalogue has the {' or the '.join(w.en for w in want)} decide {opt.legal_class}, " \
                f"the scenario the {BODIES[body].name.en}"
    level = s.issue.level  # a level the scenario states; one its body implies (level_of) is not held against it
    if level is not None and level != entry.level:
        (want_zh, want_en), (got_zh, got_en) = LEVEL_NAMES[entry.level], LEVEL_NAMES[level]
        return ("issue", "level"), f"目录规定在{want_zh}层级（{entry.level}）协商，情景却在{got_zh}层级（{level}）", \
            f"the catalogue has it consulted at the {want_en} level ({entry.level}), the scenario at the {got_en} level ({level})"
    if entry.consult_first and not s.procedure.consult:
        return ("procedure", "consult"), f"目录规定须先协商再决定（依据：{entry.basis.zh}），情景却不经协商直接决定（应为 true）", \
            f"the catalogue says it must be consulted before it is decided (basis: {entry.basis.en}); the scenario decides " \
            f"without consulting (expected true)"
    return None


def check(s, folder: Path, *, source: str = "", root: yaml.Node | None = None) -> Catalogue | None:
    """Hold a scenario to the catalogue entry it names; raise a :class:`ScenarioError` naming the scenario's
    field and the catalogue entry when it departs from it. ``folder``: where the scenario file is."""
    ref = s.issue.catalogue
    if ref is None:
        return None
    path = find(ref.file, folder)
    if path is None:
        raise located(source, root, ("issue", "catalogue", "file"), f"找不到协商目录文件 {ref.file}", f"no catalogue file {ref.file}")
    catalogue = load(path)
    entry = catalogue.entry(ref.entry)
    if entry is None:
        ids = ", ".join(e.id for e in catalogue.entries)
        raise located(source, root, ("issue", "catalogue", "entry"), f"协商目录 {ref.file} 中没有条目 {ref.entry}（条目：{ids}）",
                      f"the catalogue {ref.file} has no entry {ref.entry} (entries: {ids})")
    found = problem(s, entry)
    if found is not None:
        at, zh, en = found
        raise located(source, root, at, f"{zh}（协商目录 {ref.file}，条目 {ref.entry}）", f"{en} (catalogue {ref.file}, entry {ref.entry})")
    return catalogue


def json_schema() -> dict:
    """The catalogue schema as JSON Schema, for editors."""
    schema = Catalogue.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "xieshang consultation catalogue / 协商沙盘协商目录"
    return schema


__all__ = ["LEVELS", "Catalogue", "CatalogueRef", "Entry", "ScenarioError", "check", "find", "from_data", "json_schema", "load"]
