"""Places (Art. 9): where households live — buildings (or villager groups), stairwells, floors — and
the micro-consultation of one group or place. Plain, validated data; the draw and the meetings are
in :mod:`simulator.consultation.places` and :mod:`simulator.consultation.micro`.

Buildings, stairwells and floors are numbered from 1, as a trainer counts them (1号楼、3单元、1层).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .base import Data, fail

Number = Annotated[int, Field(ge=1, le=2_000)]


class Place(Data):
    """Part of the community: some buildings, stairwells of them, floors of them (all when left out)."""

    buildings: list[Number] | None = Field(None, description="楼栋（或村民小组）编号，从 1 起 / building (or villager group) numbers, from 1")
    stairwells: list[Number] | None = Field(None, description="单元（楼门）编号，从 1 起，在所列每栋楼中 / stairwell numbers, from 1, in each building listed")
    floors: list[Number] | None = Field(None, description="楼层，从 1 起 / floors, from 1")

    @model_validator(mode="before")
    @classmethod
    def _singular(cls, value):
        """``building: 3`` means ``buildings: [3]`` (likewise stairwell, floor)."""
        if isinstance(value, dict):
            value = dict(value)
            for one, many in (("building", "buildings"), ("stairwell", "stairwells"), ("floor", "floors")):
                if one in value and many not in value:
                    v = value.pop(one)
                    value[many] = v if isinstance(v, list) else [v]
        return value

    @model_validator(mode="after")
    def _some(self):
        if self.buildings is None and self.stairwells is None and self.floors is None:
            raise fail("地点至少要写 buildings、stairwells、floors 之一", "a place needs at least one of buildings, stairwells, floors")
        return self


class Micro(Data):
    """A micro-consultation (微协商, Art. 9): one group's or place's own meetings between two rounds."""

    group: str | None = Field(None, description="参加的群体 id / the group that meets")
    place: Place | None = Field(None, description="参加者所在地点（与 group 同写时取两者都满足的住户） / where the participants live (with group: both)")
    organisations: list[str] = Field([], description="一同参加的组织 id（街道、物业等） / organisations at the meeting (sub-district, property company, ...)")
    rounds: Annotated[int, Field(ge=1, le=10)] = Field(1, description="微协商会议次数 / meetings of the micro-consultation")
    tables: str | None = Field(None, description="可以提出的折中方案 id；群体认为它胜过现提案且容得下时上桌 / the compromise option it may table: "
                               "tabled at the community table when the group prefers it to the proposal and it fits")
    once: bool = Field(True, description="只开一次（之后各轮跳过） / held once (skipped after)")

    @model_validator(mode="after")
    def _whom(self):
        if self.group is None and self.place is None:
            raise fail("微协商须写 group 或 place（谁参加）", "a micro-consultation needs a group or a place (who takes part)")
        return self


Capacity = Annotated[int, Field(ge=0, le=1_000_000)]


def check(spec) -> None:
    """Places and capacities a scenario names must exist (raises a located bilingual error)."""
    pop = spec.population
    groups = [g.id for g in pop.groups]
    for i, g in enumerate(pop.groups):
        if g.place is not None:
            _check_place(pop, g.place, ("population", "groups", i, "place"))
    for i, o in enumerate(spec.issue.options):
        if o.affects is not None:
            _check_place(pop, o.affects, ("issue", "options", i, "affects"))
        if o.spaces is not None:
            if pop.spaces is None:
                raise fail(f"方案 {o.id} 写了 spaces，但 population.spaces（实有车位数）未写",
                           f"option {o.id} gives spaces but population.spaces (the spaces there are) is missing", at=("issue", "options", i, "spaces"))
            if o.spaces > pop.spaces:
                raise fail(f"方案 {o.id} 需要 {o.spaces} 个车位，实有 {pop.spaces} 个：容不下",
                           f"option {o.id} needs {o.spaces} spaces but there are {pop.spaces}: it does not fit", at=("issue", "options", i, "spaces"))
    micro = spec.procedure.micro
    at = ("procedure", "micro")
    if micro is None:
        if "micro_consultation" in spec.procedure.rounds.between:
            raise fail("rounds.between 有 micro_consultation，但 procedure.micro 未写谁参加",
                       "rounds.between has micro_consultation but procedure.micro does not say who takes part", at=("procedure", "rounds", "between"))
        return
    if micro.group is not None and micro.group not in groups:
        raise fail(f"微协商的 group 应为以下之一：{', '.join(groups)}，实际为 {micro.group!r}",
                   f"micro.group must be one of {', '.join(groups)}, got {micro.group!r}", at=(*at, "group"))
    if micro.place is not None:
        _check_place(pop, micro.place, (*at, "place"))
    orgs = [o.id for o in pop.organisations]
    for j, o in enumerate(micro.organisations):
        if o not in orgs:
            raise fail(f"微协商的组织 {o!r} 不在 population.organisations 中（{orgs}）",
                       f"micro organisation {o!r} is not in population.organisations ({orgs})", at=(*at, "organisations", j))
    if micro.tables is not None:
        options = {o.id: o for o in spec.issue.options}
        if micro.tables not in options or not options[micro.tables].compromise:
            names = [o.id for o in spec.issue.options if o.compromise]
            raise fail(f"micro.tables 应为折中方案（compromise: true）之一：{names}，实际为 {micro.tables!r}",
                       f"micro.tables must be a compromise option (compromise: true): {names}, got {micro.tables!r}", at=(*at, "tables"))


def _check_place(pop, place: Place, at: tuple) -> None:
    """Each number within what the population has: ``buildings``, ``stairwells_per_building``, ``floors``."""
    limits = (("buildings", pop.buildings, "楼栋（population.buildings）", "buildings (population.buildings)"),
              ("stairwells", pop.stairwells_per_building, "每栋单元数（population.stairwells_per_building）",
               "stairwells per building (population.stairwells_per_building)"),
              ("floors", pop.floors, "楼层数（population.floors）", "floors (population.floors)"))
    for name, limit, zh, en in limits:
        values = getattr(place, name)
        if values is None:
            continue
        if limit is None:
            raise fail(f"地点写了 {name}，但未写{zh}", f"the place gives {name} but the scenario sets no {en}", at=(*at, name))
        for j, v in enumerate(values):
            if v > limit:
                raise fail(f"{name} 中的 {v} 超出范围：共有 {limit} 个{zh}，编号 1–{limit}",
                           f"{name}: {v} is out of range: there are {limit} {en}, numbered 1-{limit}", at=(*at, name, j))
