"""Scenario: the plain, validated description of one consultation.

A scenario is data (YAML on disk, a pydantic model in memory). It holds the community, the
issue and its options, and the procedure the convener follows (:mod:`.procedure`). A model run
(:class:`simulator.ConsultationModel`) holds the state; the scenario never changes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from ..law import BODIES, MATTER_TABLE, wrong_body
from ..law.matters import LEGACY
from .base import ORG_KINDS, TENURES, TOPICS, UPDATE_RULES, Data, Days, Share, Text, fail
from .behaviour import Behaviour
from .catalogue import LEVELS, CatalogueRef
from .effects import Effect, Values
from .places import Capacity, Place, check as check_places
from .procedure import Procedure


class Stakes(Data):
    """What a stakeholder thinks of the options (mean utility in [0, 1] per option id)."""

    stance: dict[str, Share] = Field(
        description="每个方案的平均总体态度（不含 effects 所列得失；由 like 构成的方案可省略） / mean general attitude per option id, "
        "before the gains and costs its effects list (options built with like may be left out)"
    )
    spread: Annotated[float, Field(ge=0, le=0.5)] = Field(0.12, description="个体差异（标准差） / individual spread (SD)")
    salience: Share = Field(0.5, description="议题重要程度 / how much the issue matters")
    openness: Share = Field(0.4, description="愿意改变立场的程度 / readiness to move")
    influence: Annotated[float, Field(gt=0, le=10)] = Field(1.0, description="威望 / influence or prestige")
    trust: Share = Field(0.6, description="对召集方的信任 / trust in the convener")
    speaking: Share = Field(0.5, description="发言倾向 / speaking propensity")


class Group(Stakes):
    """A stakeholder group of households (利益相关群体)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    share: Annotated[float, Field(gt=0, le=1)] = Field(description="占住户比例 / share of households")
    tenure: Literal[TENURES]  # type: ignore[valid-type]
    member: bool = Field(False, description="集体经济组织成员 / collective member")
    elderly: Share = Field(0.25, description="有60岁以上成员的比例 / share with members aged 60+")
    digital: Share = Field(0.85, description="能用智能手机或微信的比例 / share with digital access")
    disability: Share = 0.03
    works_daytime: Share = Field(0.5, description="白天上班的比例 / share working daytime hours")
    adults: Annotated[float, Field(ge=1, le=8)] = Field(2.0, description="每户成年人数 / adults per household")
    area: Annotated[float, Field(gt=0, le=1000)] = Field(90.0, description="平均专有面积（平方米） / mean floor area (m²)")
    affected: bool = Field(True, description="是否受议题影响 / affected by the issue")
    village: str | None = Field(None, description="所在村（社区）id，跨村事项用 / the village (community) id, for matters spanning several")
    values: Values = Field(Values(), description="看重什么：各项得失的权重 / what the group cares about: weight of each effect")
    ages: Annotated[list[Annotated[int, Field(ge=16, le=100)]], Field(min_length=2, max_length=2)] | None = Field(
        None, description="参与者年龄范围 [最小, 最大]（缺省：老年户 60–85 岁，其余 22–60 岁） / age range of the member who takes part "
        "[low, high] (default: 60-85 for elderly households, 22-60 for others)"
    )
    organised: Share = Field(0.0, description="组织起来（广场舞队、维权群等）的住户比例，动员时一起来（P5） / share in an organised network that turns out as a bloc (P5)")
    place: Place | None = Field(None, description="群体住在哪里（如面向广场的两栋楼、3 单元 1–2 层；第九条） / where the group lives (Art. 9)")


    @field_validator("ages")
    @classmethod
    def _ages(cls, ages):
        if ages is not None and ages[0] > ages[1]:
            raise fail(f"ages 应为 [最小, 最大]，实际为 {list(ages)}", f"ages must be [low, high], got {list(ages)}")
        return ages


class Organisation(Stakes):
    """An organisation at the table (Art. 5)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    kind: Literal[ORG_KINDS]  # type: ignore[valid-type]


class Village(Data):
    """A village or community of a matter spanning several (Art. 10)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text


class Population(Data):
    households: Annotated[int, Field(ge=2, le=200_000)]
    buildings: Annotated[int, Field(ge=1, le=2_000)] = Field(description="楼栋或村民小组数 / buildings or villager groups")
    units: Annotated[int, Field(ge=1, le=50)] = Field(1, description="涉及的村（社区）数 / villages or communities spanned (Art. 10)")
    elderly_digital_factor: Share = Field(0.5, description="老年户的数字接入折减 / digital access factor for elderly households")
    groups: list[Group] = Field(min_length=1)
    organisations: list[Organisation] = []
    villages: list[Village] = Field([], description="跨村事项涉及的各村，各自表决（第十条） / the villages of a matter spanning several; each votes (Art. 10)")
    stairwells_per_building: Annotated[int, Field(ge=1, le=50)] | None = Field(
        None, description="每栋楼的单元（楼门）数；写了才抽取单元（第九条） / stairwells per building; drawn only when given (Art. 9)")
    floors: Annotated[int, Field(ge=1, le=100)] | None = Field(None, description="楼层数；写了才抽取楼层 / floors per building; drawn only when given")
    spaces: Capacity | None = Field(None, description="实有车位（或其他容量）数 / spaces (or other capacity) there are")

    @model_validator(mode="after")
    def _shares(self):
        total = sum(g.share for g in self.groups)
        if abs(total - 1.0) > 1e-6:
            raise fail(f"各群体占比之和应为 1，实际为 {total:.4g}", f"groups' shares must add up to 1, got {total:.4g}")
        ids = [g.id for g in self.groups] + [o.id for o in self.organisations]
        if len(set(ids)) != len(ids):
            raise fail("群体和组织的 id 不能重复", "group and organisation ids must be unique")
        if self.villages:
            known = [v.id for v in self.villages]
            if len(set(known)) != len(known):
                raise fail("各村的 id 不能重复", "village ids must be unique", at=("villages",))
            if len(known) != self.units:
                raise fail(f"units 应等于 villages 的个数（{len(known)}），实际为 {self.units}",
                           f"units must equal the number of villages ({len(known)}), got {self.units}", at=("units",))
            for i, g in enumerate(self.groups):
                if g.village not in known:
                    raise fail(f"群体 {g.id} 的 village 应为以下之一：{', '.join(known)}，实际为 {g.village!r}",
                               f"group {g.id}: village must be one of {', '.join(known)}, got {g.village!r}", at=("groups", i, "village"))
        else:
            for i, g in enumerate(self.groups):
                if g.village is not None:
                    raise fail("群体写了 village，但 population.villages 未列出各村",
                               "a group names a village but population.villages lists none", at=("groups", i, "village"))
        return self


class Option(Data):
    """One option of the issue."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    legal_class: Literal[tuple(MATTER_TABLE)] = Field(  # type: ignore[valid-type]
        description="事项类别：法律规定由哪个机构决定（simulator.law.MATTER_TABLE） / the matter: which body the law reserves it to"
    )
    law: Text | None = Field(None, description="法律依据 / legal basis")
    offline_required: bool = Field(False, description="法律要求线下协商（第六条） / offline handling required (Art. 6)")
    competence: Literal["community", "township"] = "community"
    compromise: bool = Field(False, description="折中方案，需修改方案后才上桌 / compromise, tabled by a revised proposal")
    gains: list[str] = Field([], description="受益群体（说明用） / groups that gain (descriptive)")
    pays: list[str] = Field([], description="须改变做法或付出代价的群体（按群体报告遵守情况） / groups that must change or pay (compliance is reported for them)")
    compensates: list[str] = Field([], description="该方案与之签订补偿协议的群体 / groups this option offers a compensation agreement")
    works: bool = Field(False, description="需要施工，可能被阻工 / needs building works, which can be obstructed")
    expert_view: float = Field(0.0, ge=-1, le=1, description="专家论证对该方案的评价调整 / expert assessment shift")
    effects: dict[str, Effect] = Field({}, description="该方案对各群体的得失（按群体 id） / what the option does to each group, by group id")
    like: str | None = Field(None, description="以哪个方案为基础构成（总体态度相同，得失按 effects） / the option this one is built from (same general attitude, its own effects)")
    affects: Place | None = Field(None, description="只有住在这里的住户感受到 effects 所列得失（第九条） / only households living here feel its effects (Art. 9)")
    spaces: Capacity | None = Field(None, description="方案用到的车位（或其他容量）数，不得超过 population.spaces / spaces (or capacity) the option uses; at most population.spaces")
    proposed_by: list[str] = Field([], description="由哪些住户群体提出（第四条第（五）项）：议题收集渠道听到其中一个群体才上桌 / the groups of households "
                                   "who propose it (Art. 4(5)): tabled only if the topic stage's channels hear one of them")

    @field_validator("legal_class", mode="before")
    @classmethod
    def _legacy(cls, value):
        if isinstance(value, str) and value in LEGACY:
            raise fail(f"{value!r} 只是表决门槛，不是事项；请写明法律规定的事项，例如：{LEGACY[value]}",
                       f"{value!r} is a threshold, not a matter; name the matter the law defines, e.g. {LEGACY[value]}")
        return value


class Issue(Data):
    topic: Literal[TOPICS] = Field(description="议题类别（第四条） / kind of topic (Art. 4)")  # type: ignore[valid-type]
    technical: bool = Field(False, description="专业性强，需专家论证（第五条） / technical matter (Art. 5)")
    options: list[Option] = Field(min_length=2)
    status_quo: str = Field(description="维持现状的方案 / the status-quo option id")
    catalogue: CatalogueRef | None = Field(None, description="本议题在协商目录中的条目（第四条），载入时按目录检查 / the issue's entry in the "
                                           "community's consultation catalogue (Art. 4), checked when the scenario is loaded")
    level: Literal[LEVELS] | None = Field(None, description="协商层级；缺省按表决机构推断（业主大会：小区，居民会议：社区，村级机构：村，跨村：cross_village） / "  # type: ignore[valid-type]
                                          "the level consulted at; default from the body (owners' assembly: estate, residents' meeting: "
                                          "community, village bodies: village, several villages: cross_village)")

    @model_validator(mode="after")
    def _options(self):
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise fail("方案 id 不能重复", "option ids must be unique")
        if self.status_quo not in ids:
            raise fail(
                f"status_quo {self.status_quo!r} 不是方案 id（可选：{', '.join(ids)}）",
                f"status_quo {self.status_quo!r} is not an option id ({', '.join(ids)})",
            )
        if all(o.compromise or o.proposed_by for o in self.options):
            raise fail("至少要有一个方案一开始就上桌（非折中方案，也不待住户提出）", "at least one option must be on the table from the start "
                       "(not a compromise, nor waiting for residents to propose it)")
        for i, o in enumerate(self.options):
            if o.proposed_by and o.compromise:
                raise fail("住户提出的方案不是折中方案：proposed_by 与 compromise 只能写一个", "an option residents propose is not a "
                           "compromise: use proposed_by or compromise, not both", at=("options", i, "proposed_by"))
        sq = ids.index(self.status_quo)
        if self.options[sq].proposed_by:
            raise fail("维持现状的方案不需要住户提出", "the status-quo option is not proposed by residents", at=("options", sq, "proposed_by"))
        return self


class Dynamics(Data):
    """The stance-update rule used in meetings (:mod:`simulator.dynamics`)."""

    rule: str = Field(
        "friedkin_johnsen",
        description="立场更新规则 / stance-update rule (simulator.consultation.deliberation.UPDATE_RULES; add one with register_rule)",
        json_schema_extra={"examples": ["friedkin_johnsen", "degroot", "deffuant", "hegselmann_krause"]},
    )
    confidence: Annotated[float, Field(gt=0, le=1)] = Field(0.35, description="有限信任半径（deffuant, HK） / confidence bound")
    mu: Annotated[float, Field(gt=0, le=0.5)] = Field(0.3, description="deffuant 收敛参数 / convergence parameter")

    @field_validator("rule")
    @classmethod
    def _known(cls, rule: str) -> str:
        if rule not in UPDATE_RULES:
            names = ", ".join(sorted(UPDATE_RULES))
            raise fail(f"未知的立场更新规则 {rule!r}，可选：{names}", f"unknown stance-update rule {rule!r}; expected one of: {names}")
        return rule


class Norms(Data):
    """Thresholds the audit uses where the norms give no number."""

    min_notice_days: Days = Field(3, description="最少提前通报天数 / minimum advance notice")
    min_rounds_before_escalation: Annotated[int, Field(ge=1, le=20)] = 2
    vote_notice_days: Days = Field(
        15, description="法律未规定时提请表决的通知天数（参照物业管理条例第十四条） / days' notice of a vote where the law sets none (cf. Property Management Regulation art. 14)"
    )


class Scenario(Data):
    """One consultation: community, issue and procedure."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    summary: Text
    population: Population
    issue: Issue
    procedure: Procedure
    dynamics: Dynamics = Dynamics()
    norms: Norms = Norms()
    behaviour: Behaviour = Behaviour()

    @model_validator(mode="after")
    def _references(self):
        options = [o.id for o in self.issue.options]
        groups = [g.id for g in self.population.groups]
        orgs = [o.id for o in self.population.organisations]
        built = {o.id: o.like for o in self.issue.options if o.like}
        for i, opt in enumerate(self.issue.options):
            if opt.like is not None and (opt.like not in options or opt.like in built or opt.like == opt.id):
                raise fail(f"方案 {opt.id}：like 应为另一个不由 like 构成的方案（{[o for o in options if o not in built]}），实际为 {opt.like!r}",
                           f"option {opt.id}: like must name another option not itself built with like "
                           f"({[o for o in options if o not in built]}), got {opt.like!r}", at=("issue", "options", i, "like"))
            bad = [g for g in opt.effects if g not in groups]
            if bad:
                raise fail(f"方案 {opt.id}：effects 中有未知群体 {bad}（群体：{groups}）",
                           f"option {opt.id}: effects names unknown groups {bad} (groups: {groups})", at=("issue", "options", i, "effects"))
        for kind, i, who in [*(("groups", i, g) for i, g in enumerate(self.population.groups)),
                             *(("organisations", i, o) for i, o in enumerate(self.population.organisations))]:
            missing = [o for o in options if o not in who.stance and o not in built]
            unknown = [o for o in who.stance if o not in options]
            if missing or unknown:
                raise fail(
                    f"{who.id}：stance 应为每个方案各给一个值（缺少：{missing or '-'}，未知：{unknown or '-'}；方案：{options}）"
                    + ("；或给缺少的方案写 like：某个方案，沿用对它的态度" if missing else ""),
                    f"{who.id}: stance must give every option exactly once "
                    f"(missing: {missing or '-'}, unknown: {unknown or '-'}; options: {options})"
                    + ("; or give a missing option like: another option, to take the stance towards it" if missing else ""),
                    at=("population", kind, i, "stance", *unknown[:1]),
                )
        for i, opt in enumerate(self.issue.options):
            for field in ("gains", "pays", "compensates", "proposed_by"):
                bad = [g for g in getattr(opt, field) if g not in groups]
                if bad:
                    raise fail(f"方案 {opt.id}：{field} 中有未知群体 {bad}（群体：{groups}）",
                               f"option {opt.id}: {field} names unknown groups {bad} (groups: {groups})",
                               at=("issue", "options", i, field, getattr(opt, field).index(bad[0])))
        body = self.procedure.escalation.body
        b = BODIES[body]
        for opt in self.issue.options:
            problem = wrong_body(opt.legal_class, body)
            if problem is not None:
                zh, en = problem.text
                raise fail(f"方案 {opt.id}（{opt.name.zh}）：{zh}", f"option {opt.id} ({opt.name.en}): {en}", at=("procedure", "escalation", "body"))
        voters = [g.id for g in self.population.groups if b.admits(g.tenure, g.member)]
        if not voters:
            raise fail(
                f"procedure.escalation.body：{b.name.zh}没有有表决权的住户群体（需要{b.roll.zh}）",
                f"procedure.escalation.body: no group of households can vote in the {b.name.en} (it needs {b.roll.en})",
                at=("procedure", "escalation", "body"),
            )
        for i, rule in enumerate(self.procedure.escalation.local_rules):
            bad = [g for g in rule.groups if g not in voters]
            if bad:
                raise fail(f"{bad} 不是{b.name.zh}名单上的群体，无法签字同意（名单上的群体：{voters}）",
                           f"{bad} are not groups on the {b.name.en}'s roll, so they cannot consent (groups on the roll: {voters})",
                           at=("procedure", "escalation", "local_rules", i, "groups"))
        villages = self.population.villages
        for i, v in enumerate(villages):
            if not any(g.village == v.id and g.id in voters for g in self.population.groups):
                raise fail(f"{v.name.zh}（{v.id}）没有能在{b.name.zh}表决的群体（需要{b.roll.zh}）",
                           f"{v.name.en} ({v.id}) has no group that can vote in the {b.name.en} (it needs {b.roll.en})",
                           at=("population", "villages", i))
        reserved = [o.id for o in self.issue.options if MATTER_TABLE[o.legal_class].reserved]
        if villages and self.procedure.escalation.villages_must_pass == "majority" and reserved:
            raise fail(f"方案 {reserved} 是法律保留给各村自己决定的事项，不能由多数村替某一村决定：应为 all",
                       f"options {reserved} are matters the law leaves to each village's own body; a majority of villages "
                       f"cannot decide for a village that rejects: use all", at=("procedure", "escalation", "villages_must_pass"))
        bad = [o for o in self.procedure.selection.mandatory if o not in orgs]
        if bad:
            raise fail(
                f"selection.mandatory：未知组织 {bad}（组织：{orgs}）",
                f"selection.mandatory: unknown organisations {bad} (organisations: {orgs})",
                at=("procedure", "selection", "mandatory", self.procedure.selection.mandatory.index(bad[0])),
            )
        check_places(self)
        return self

    def option_ids(self) -> list[str]:
        return [o.id for o in self.issue.options]

    def general_stance(self, who: Stakes) -> list[float]:
        """``who``'s general attitude to each option; an option built ``like`` another shares it."""
        return [who.stance.get(o.id, who.stance.get(o.like or "", 0.0)) for o in self.issue.options]

    def worth(self) -> list[list[float]]:
        """What each option's effects are worth to each group (groups × options)."""
        return [[g.values.worth(o.effects[g.id]) if g.id in o.effects else 0.0 for o in self.issue.options]
                for g in self.population.groups]

    def option_names(self, lang: str = "zh") -> dict[str, str]:
        """Each option's name in ``lang``, by id."""
        return {o.id: o.name(lang) for o in self.issue.options}


def json_schema() -> dict:
    """The scenario schema as JSON Schema, for editors."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "xieshang scenario / 协商沙盘情景"
    return schema
