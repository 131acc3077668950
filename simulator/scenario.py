"""Scenario: the plain, validated description of one consultation.

A scenario is data (YAML on disk, a pydantic model in memory). It holds the
community, the issue and its options, and the procedure the convener follows.
A model run (:mod:`simulator.model`) holds the state; the scenario never changes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .decision import BODIES

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Days = Annotated[int, Field(ge=0, le=3650)]
Hours_ = Annotated[float, Field(ge=0, le=10_000)]

SELECTION_RULES = (
    "all_affected",
    "open_call",
    "committee_invitation",
    "stratified_random",
    "quota",
)
FORMS = ("offline", "online", "hybrid")
ACTIONS = ("home_visits", "expert_assessment", "revised_proposal", "township_mediation")
CONSENSUS_RULES = ("unanimity", "no_strong_objection", "supermajority")
ESCALATION = ("after_max_rounds", "large_dispute", "never")
CHANNELS = ("home_visits", "forum", "deputies_reception", "wechat", "notice_board", "official_account")
ORG_KINDS = (
    "party_branch",
    "two_committees",
    "residents_committee",
    "villagers_committee",
    "supervision_committee",
    "owners_committee",
    "property_company",
    "township",
    "community_unit",
    "social_organisation",
    "collective_organisation",
    "expert",
    "deputies",
    "veteran_cadre",
    "building_leader",
)


def _fail(zh: str, en: str) -> PydanticCustomError:
    """A validation error that carries both languages (see :mod:`simulator.validation`)."""
    return PydanticCustomError("scenario", "{en}", {"zh": zh, "en": en})


# Whose households are on each body's roll (procedure.electorate builds it); other bodies: everyone.
# A tenant's unit is on the owners' assembly roll: its landlord votes.
ELECTORATE = {
    "owners_assembly": lambda g: g.tenure in ("owner", "tenant"),
    "villagers_meeting": lambda g: g.tenure == "villager",
    "villager_representatives_meeting": lambda g: g.tenure == "villager",
    "collective_members_meeting": lambda g: g.member,
    "collective_representatives_meeting": lambda g: g.member,
}
ELECTORATE_ZH = {"owners_assembly": "业主", "villagers_meeting": "户籍村民", "villager_representatives_meeting": "户籍村民",
                 "collective_members_meeting": "集体经济组织成员", "collective_representatives_meeting": "集体经济组织成员"}
ELECTORATE_EN = {"owners_assembly": "owners", "villagers_meeting": "registered villagers",
                 "villager_representatives_meeting": "registered villagers",
                 "collective_members_meeting": "collective members", "collective_representatives_meeting": "collective members"}


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _complete(field: str):
    """A validator that fills the keys a partial mapping leaves out from the field's default."""

    def fill(cls, value):
        if isinstance(value, dict):
            return {**cls.model_fields[field].default, **value}
        return value

    return field_validator(field, mode="before")(classmethod(fill))


class Text(_Data):
    """A text shown to people: Chinese first, English available."""

    zh: str = Field(min_length=1, description="中文 / Chinese")
    en: str = Field(min_length=1, description="English")

    def __call__(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


class Stakes(_Data):
    """What a stakeholder thinks of the options (mean utility in [0, 1] per option id)."""

    stance: dict[str, Share] = Field(description="每个方案的平均效用 / mean utility per option id")
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
    tenure: Literal["owner", "tenant", "villager", "non_registered"]
    member: bool = Field(False, description="集体经济组织成员 / collective member")
    elderly: Share = Field(0.25, description="有60岁以上成员的比例 / share with members aged 60+")
    digital: Share = Field(0.85, description="能用智能手机或微信的比例 / share with digital access")
    disability: Share = 0.03
    works_daytime: Share = Field(0.5, description="白天上班的比例 / share working daytime hours")
    adults: Annotated[float, Field(ge=1, le=8)] = Field(2.0, description="每户成年人数 / adults per household")
    area: Annotated[float, Field(gt=0, le=1000)] = Field(90.0, description="平均专有面积（平方米） / mean floor area (m²)")
    affected: bool = Field(True, description="是否受议题影响 / affected by the issue")


class Organisation(Stakes):
    """An organisation at the table (Art. 5)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    kind: Literal[ORG_KINDS]  # type: ignore[valid-type]


class Population(_Data):
    households: Annotated[int, Field(ge=2, le=200_000)]
    buildings: Annotated[int, Field(ge=1, le=2_000)] = Field(description="楼栋或村民小组数 / buildings or villager groups")
    units: Annotated[int, Field(ge=1, le=50)] = Field(1, description="涉及的村（社区）数 / villages or communities spanned (Art. 10)")
    elderly_digital_factor: Share = Field(0.5, description="老年户的数字接入折减 / digital access factor for elderly households")
    groups: list[Group] = Field(min_length=1)
    organisations: list[Organisation] = []

    @model_validator(mode="after")
    def _shares(self):
        total = sum(g.share for g in self.groups)
        if abs(total - 1.0) > 1e-6:
            raise _fail(f"各群体占比之和应为 1，实际为 {total:.4g}", f"groups' shares must add up to 1, got {total:.4g}")
        ids = [g.id for g in self.groups] + [o.id for o in self.organisations]
        if len(set(ids)) != len(ids):
            raise _fail("群体和组织的 id 不能重复", "group and organisation ids must be unique")
        return self


class Option(_Data):
    """One option of the issue."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    legal_class: Literal["ordinary", "major"] = Field(description="上交表决时的事项类别 / matter class if escalated")
    law: Text | None = Field(None, description="法律依据 / legal basis")
    offline_required: bool = Field(False, description="法律要求线下协商（第六条） / offline handling required (Art. 6)")
    competence: Literal["community", "township"] = "community"
    compromise: bool = Field(False, description="折中方案，需修改方案后才上桌 / compromise, tabled by a revised proposal")
    gains: list[str] = Field([], description="受益群体（说明用） / groups that gain (descriptive)")
    pays: list[str] = Field([], description="付出代价的群体（说明用） / groups that pay (descriptive)")
    expert_view: float = Field(0.0, ge=-1, le=1, description="专家论证对该方案的评价调整 / expert assessment shift")


class Issue(_Data):
    topic: Literal[
        "property_management", "parking", "dog_keeping", "public_facilities", "environment",
        "village_planning", "collective_assets", "dispute", "covenant", "policy",
    ] = Field(description="协商目录（第四条） / catalogue entry (Art. 4)")
    technical: bool = Field(False, description="专业性强，需专家论证（第五条） / technical matter (Art. 5)")
    options: list[Option] = Field(min_length=2)
    status_quo: str = Field(description="维持现状的方案 / the status-quo option id")

    @model_validator(mode="after")
    def _options(self):
        ids = [o.id for o in self.options]
        if len(set(ids)) != len(ids):
            raise _fail("方案 id 不能重复", "option ids must be unique")
        if self.status_quo not in ids:
            raise _fail(
                f"status_quo {self.status_quo!r} 不是方案 id（可选：{', '.join(ids)}）",
                f"status_quo {self.status_quo!r} is not an option id ({', '.join(ids)})",
            )
        if all(o.compromise for o in self.options):
            raise _fail("至少要有一个方案一开始就上桌（非折中方案）", "at least one option must be on the table from the start")
        return self


class Topic(_Data):
    """Stage 1: collecting concerns and fixing the topic (Art. 7(1))."""

    channels: list[Literal[CHANNELS]] = ["home_visits", "forum"]  # type: ignore[valid-type]
    days: Days = 7
    proposed_by_township: bool = False


class Selection(_Data):
    """Stage 2: who sits at the table (Art. 5, 7(2))."""

    rule: Literal[SELECTION_RULES] = "stratified_random"  # type: ignore[valid-type]
    size: Annotated[int, Field(ge=1, le=100_000)] = Field(40, description="席位数 / seats (not used by all_affected)")
    strata: list[Literal["building", "tenure", "elderly", "group"]] = ["building", "tenure", "elderly"]
    quota_by: Literal["building", "group"] = "building"
    quota: Annotated[int, Field(ge=1, le=1000)] = Field(2, description="每楼栋或每组席位 / seats per building or group")
    call_channels: list[Literal[CHANNELS]] = ["wechat", "notice_board"]  # type: ignore[valid-type]
    mandatory: list[str] = Field([], description="必须邀请的组织 id（两代表一委员、专家等） / organisations always invited")
    affected_minorities: bool = Field(True, description="保证每个受影响群体至少一人 / at least one from each affected group")


class Form(_Data):
    """Meeting form (Art. 6) and notice (Art. 7(2))."""

    mode: Literal[FORMS] = "offline"  # type: ignore[valid-type]
    offline_channel: bool = Field(True, description="线上协商保留线下表达渠道 / offline channel kept for online forms")
    time: Literal["evening", "daytime", "weekend"] = "evening"
    hours: Annotated[float, Field(gt=0, le=12)] = 2.0
    notice_days: Days = Field(7, description="提前通报天数 / advance notice in days")
    venue: bool = Field(True, description="有固定议事场所 / a venue is provided")


class Rounds(_Data):
    """Round rule (Art. 7(3))."""

    max: Annotated[int, Field(ge=1, le=50)] = 3
    gap_days: Days = 14
    between: list[Literal[ACTIONS]] = ["home_visits"]  # type: ignore[valid-type]
    visits: Annotated[int, Field(ge=0, le=10_000)] = Field(20, description="每轮入户走访户数 / home visits per round")
    escalation: Literal[ESCALATION] = "after_max_rounds"  # type: ignore[valid-type]
    dispute_threshold: Share = Field(0.35, description="强烈反对比例达到即视为较大争议 / strong-objection share that counts as a large dispute")


class Consensus(_Data):
    """Consensus rule checked after each round."""

    rule: Literal[CONSENSUS_RULES] = "supermajority"  # type: ignore[valid-type]
    q: Annotated[float, Field(gt=0.5, le=1)] = 0.75
    accept: Share = Field(0.5, description="可以接受的效用下限 / utility at which an option is acceptable")
    objection: Share = Field(0.2, description="低于此效用为强烈反对 / utility below which objection is strong")
    among: Literal["present", "invited"] = Field(
        "present", description="按到场者还是全体受邀者计算（如全体住户签字） / count those present, or everyone invited (e.g. every household signs)"
    )

    @model_validator(mode="after")
    def _order(self):
        if self.objection >= self.accept:
            raise _fail("objection（强烈反对线）应低于 accept（可接受线）", "objection must be below accept")
        return self


class RulesOfProcedure(_Data):
    """议事规则, e.g. 南塘议事规则."""

    max_turns: Annotated[int, Field(ge=1, le=20)] | None = 2
    neutral_chair: bool = True
    exchanges: Annotated[int, Field(ge=1, le=20)] = Field(3, description="每次会议的意见交流轮次 / exchanges per meeting")


class Escalation(_Data):
    """Stage 4: the body the law assigns, and how its vote is held."""

    body: Literal[tuple(BODIES)]  # type: ignore[valid-type]
    notice_days: Days | None = Field(
        None,
        description="表决前通知天数；缺省为法定天数（村民会议、成员大会 10 天），法律未定的取 15 天 / "
        "notice before the vote; default: the legal notice (10 days for villagers' and members' meetings), else 15 days",
    )
    turnout: Share = Field(0.7, description="表决参与倾向 / propensity to vote")
    required: bool = Field(
        False, description="法律要求该机构表决决定，达成共识后仍须表决 / the law requires this body to decide, even after consensus"
    )


class Publication(_Data):
    """Stage 5: publishing the result (Art. 7(4))."""

    channels: list[Literal["notice_board", "official_account", "wechat"]] = ["notice_board", "wechat"]
    days: Days = 3


class Implementation(_Data):
    """Stage 6: implementation and supervision (Art. 8)."""

    days: Days = 30
    supervision: bool = True
    explain_to_dissenters: bool = True


class Procedure(_Data):
    convener: Literal["two_committees", "township"] = "two_committees"
    topic: Topic = Topic()
    selection: Selection = Selection()
    form: Form = Form()
    rules_of_procedure: RulesOfProcedure = RulesOfProcedure()
    rounds: Rounds = Rounds()
    consensus: Consensus = Consensus()
    escalation: Escalation
    publication: Publication = Publication()
    implementation: Implementation = Implementation()
    record: bool = Field(True, description="留存协商记录（第十一条） / keep a record (Art. 11)")


class Dynamics(_Data):
    """The stance-update rule used in meetings (:mod:`simulator.dynamics`)."""

    rule: str = Field(
        "friedkin_johnsen",
        description="立场更新规则 / stance-update rule (simulator.deliberation.RULES; add one with register_rule)",
        json_schema_extra={"examples": ["friedkin_johnsen", "degroot", "deffuant", "hegselmann_krause"]},
    )
    confidence: Annotated[float, Field(gt=0, le=1)] = Field(0.35, description="有限信任半径（deffuant, HK） / confidence bound")
    mu: Annotated[float, Field(gt=0, le=0.5)] = Field(0.3, description="deffuant 收敛参数 / convergence parameter")

    @field_validator("rule")
    @classmethod
    def _known(cls, rule: str) -> str:
        from .deliberation import RULES  # the registry, which researchers may extend

        if rule not in RULES:
            raise _fail(f"未知的立场更新规则 {rule!r}，可选：{', '.join(RULES)}", f"unknown stance-update rule {rule!r}; expected one of: {', '.join(RULES)}")
        return rule


class Attendance(_Data):
    """How likely people are to come (Art. 6, 7(2))."""

    offline: Share = Field(0.85, description="线下会议基础出席率 / base chance to attend offline")
    online: Share = Field(0.9, description="有智能手机者线上出席率 / chance to join online with a smartphone")
    without_phone: Share = Field(0.05, description="无智能手机者线上出席率（靠家人帮助） / online without a smartphone")
    elderly_offline: Share = Field(0.9, description="老年人线下出席折减 / factor for elderly people offline")
    disability: Share = Field(0.5, description="残疾带来的出席折减 / reduction for disability")
    busy: dict[Literal["evening", "daytime", "weekend"], Share] = Field(
        {"evening": 0.1, "daytime": 0.6, "weekend": 0.0}, description="上班族因会议时间缺席的比例 / share of day workers kept away, by meeting time"
    )
    _busy = _complete("busy")
    notice_scale: Annotated[float, Field(gt=0, le=60)] = Field(4.0, description="通报天数的作用尺度（天） / days over which notice takes effect")
    written_view: Share = Field(0.7, description="不能上线者通过线下渠道表达意见的比例 / chance to use the offline channel instead")


class Speaking(_Data):
    """How much people speak under the rules of procedure."""

    rate: Annotated[float, Field(gt=0, le=20)] = Field(3.0, description="积极发言者的平均发言次数 / mean turns of a keen speaker")
    chair_invites: Share = Field(0.6, description="中立主持人请沉默者发言的概率 / chance the chair brings in a quiet person")
    online: Share = Field(0.8, description="线上会议的发言折减 / speaking factor online")
    online_hard: Share = Field(0.5, description="老人或无智能手机者线上发言折减 / factor online for elderly or offline people")
    hybrid_hard: Share = Field(0.8, description="线上线下结合时上述人群的折减 / the same in a hybrid meeting")


class Actions(_Data):
    """Effects of the convener's actions between rounds."""

    visit_pull: Share = Field(0.5, description="入户走访后向提案靠拢的幅度 / how far a home visit moves a holdout")
    visit_trust: Share = Field(0.1, description="入户走访提升的信任 / trust gained from a visit")
    visit_boost: Share = Field(0.3, description="走访后下次出席率的提升 / attendance boost after a visit")
    expert_weight: Share = Field(0.5, description="专家论证的影响 / weight of the expert assessment")
    expert_trust: Share = Field(0.05, description="专家论证提升的信任 / trust gained from an assessment")
    mediation_trust: Share = Field(0.15, description="调解提升的信任 / trust gained from mediation")
    mediation_openness: Share = Field(0.1, description="调解提升的开放度 / openness gained from mediation")


class Compliance(_Data):
    """Weights of expected compliance (Art. 8); they add up to at most 1."""

    base: Share = 0.3
    support: Share = Field(0.35, description="支持决定 / supports the decision")
    fairness: Share = Field(0.15, description="公平感 / perceived fairness")
    publication: Share = Field(0.05, description="知晓结果 / reached by the publication")
    explanation: Share = Field(0.1, description="不同意见者获解释说明 / dissenters given an explanation")
    supervision: Share = Field(0.05, description="有监督 / supervised")

    @model_validator(mode="after")
    def _total(self):
        total = self.base + self.support + self.fairness + self.publication + self.explanation + self.supervision
        if total > 1 + 1e-9:
            raise _fail(f"遵守率各项权重之和不能超过 1，实际为 {total:.3g}", f"compliance weights must add up to at most 1, got {total:.3g}")
        return self


class Hours(_Data):
    """Person-hours of each piece of work (cost)."""

    topic: dict[Literal[CHANNELS], Hours_] = Field(  # type: ignore[valid-type]
        {"home_visits": 40.0, "forum": 30.0, "deputies_reception": 6.0, "wechat": 4.0, "notice_board": 1.0, "official_account": 2.0},
        description="各渠道收集议题的人·小时 / hours to collect concerns per channel",
    )
    _topic = _complete("topic")
    visit: Hours_ = Field(3.0, description="每户走访（两名社工） / per household visited (two workers)")
    expert: Hours_ = 16.0
    mediation: Hours_ = 9.0
    revision: Hours_ = 4.0
    organisers: Annotated[int, Field(ge=0, le=100)] = Field(3, description="每次会议的组织者人数 / organisers per meeting")
    written_view: Hours_ = Field(0.5, description="每份线下书面意见 / per view given through the offline channel")
    publication: Hours_ = Field(2.0, description="每个公开渠道 / per publication channel")
    vote: Hours_ = Field(1.0, description="每位投票者 / per voter")
    vote_organising: Hours_ = Field(24.0, description="组织表决 / organising the vote")


class Behaviour(_Data):
    """Behavioural parameters: defaults are the kit's calibration; researchers may vary them."""

    reach: dict[Literal[CHANNELS], Share] = Field(  # type: ignore[valid-type]
        {"wechat": 0.8, "official_account": 0.4, "notice_board": 0.5, "forum": 0.2, "home_visits": 0.3, "deputies_reception": 0.1},
        description="各渠道触达住户的比例（微信群、公众号只触达有智能手机者） / share each channel reaches (WeChat and the official account need a smartphone)",
    )
    _reach = _complete("reach")
    attendance: Attendance = Attendance()
    speaking: Speaking = Speaking()
    actions: Actions = Actions()
    compliance: Compliance = Compliance()
    hours: Hours = Hours()
    abstain_band: Share = Field(0.1, description="略低于可接受线时弃权 / abstain when this close below the acceptance line")
    landlord_turnout: Share = Field(
        0.3, description="出租房屋业主参加业主大会表决的比例（多不在本小区居住） / share of tenants' landlords who vote in the owners' assembly"
    )


class Norms(_Data):
    """Thresholds the audit uses where the norms give no number."""

    min_notice_days: Days = Field(3, description="最少提前通报天数 / minimum advance notice")
    min_rounds_before_escalation: Annotated[int, Field(ge=1, le=20)] = 2


class Scenario(_Data):
    """One consultation: community, issue and procedure."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: Text
    summary: Text
    level: Literal["stairwell", "estate", "community", "village", "township"] = "community"
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
        for who in (*self.population.groups, *self.population.organisations):
            missing = [o for o in options if o not in who.stance]
            unknown = [o for o in who.stance if o not in options]
            if missing or unknown:
                raise _fail(
                    f"{who.id}：stance 应为每个方案各给一个值（缺少：{missing or '-'}，未知：{unknown or '-'}；方案：{options}）",
                    f"{who.id}: stance must give every option exactly once "
                    f"(missing: {missing or '-'}, unknown: {unknown or '-'}; options: {options})",
                )
        for opt in self.issue.options:
            bad = [g for g in (*opt.gains, *opt.pays) if g not in groups]
            if bad:
                raise _fail(f"方案 {opt.id}：未知群体 {bad}（群体：{groups}）", f"option {opt.id}: unknown groups {bad} (groups: {groups})")
        body = self.procedure.escalation.body
        voters = ELECTORATE.get(body)
        if voters and not any(voters(g) for g in self.population.groups):
            raise _fail(
                f"procedure.escalation.body：{BODIES[body].name_zh}没有有表决权的住户群体（需要{ELECTORATE_ZH[body]}）",
                f"procedure.escalation.body: no group of households can vote in the {BODIES[body].name_en} (it needs {ELECTORATE_EN[body]})",
            )
        bad = [o for o in self.procedure.selection.mandatory if o not in orgs]
        if bad:
            raise _fail(
                f"selection.mandatory：未知组织 {bad}（组织：{orgs}）",
                f"selection.mandatory: unknown organisations {bad} (organisations: {orgs})",
            )
        return self

    def option_ids(self) -> list[str]:
        return [o.id for o in self.issue.options]

    def option_names(self, lang: str = "zh") -> dict[str, str]:
        """Each option's name in ``lang``, by id."""
        return {o.id: o.name(lang) for o in self.issue.options}


def json_schema() -> dict:
    """The scenario schema as JSON Schema, for editors."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "xieshang scenario / 协商沙盘情景"
    return schema


def write_json_schema(path: Path) -> None:
    path.write_text(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
