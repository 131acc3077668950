"""Procedure: how the convener runs the consultation, stage by stage (Art. 5-8), and how the body
the law assigns votes. Plain, validated data, part of a :class:`~simulator.scenario.schema.Scenario`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from ..law import BODIES, LOCAL_RULES, NEEDS
from .base import ACTIONS, CHANNELS, CONSENSUS_RULES, ESCALATION, FORMS, SELECTION_RULES, Data, Days, Share, Text, fail
from .places import Micro
from .support import Support


class Topic(Data):
    """Stage 1: collecting concerns and fixing the topic (Art. 7(1))."""

    channels: list[Literal[CHANNELS]] = ["home_visits", "forum"]  # type: ignore[valid-type]
    days: Days = 7
    proposed_by_township: bool = False


class Selection(Data):
    """Stage 2: who sits at the table (Art. 5, 7(2))."""

    rule: Literal[SELECTION_RULES] = "stratified_random"  # type: ignore[valid-type]
    size: Annotated[int, Field(ge=1, le=100_000)] = Field(40, description="席位数 / seats (not used by all_affected)")
    strata: list[Literal["building", "tenure", "elderly", "group"]] = ["building", "tenure", "elderly"]
    quota_by: Literal["building", "group"] = "building"
    quota: Annotated[int, Field(ge=1, le=1000)] = Field(2, description="每楼栋或每组席位 / seats per building or group")
    call_channels: list[Literal[CHANNELS]] = ["wechat", "notice_board"]  # type: ignore[valid-type]
    mandatory: list[str] = Field([], description="必须邀请的组织 id（两代表一委员、专家等） / organisations always invited")
    affected_minorities: bool = Field(True, description="保证每个受影响群体至少一人 / at least one from each affected group")


class Form(Data):
    """Meeting form (Art. 6) and notice (Art. 7(2))."""

    mode: Literal[FORMS] = "offline"  # type: ignore[valid-type]
    offline_channel: bool = Field(True, description="线上协商保留线下表达渠道 / offline channel kept for online forms")
    time: Literal["evening", "daytime", "weekend"] = "evening"
    hours: Annotated[float, Field(gt=0, le=12)] = 2.0
    notice_days: Days = Field(7, description="提前通报天数 / advance notice in days")
    venue: bool = Field(True, description="有固定议事场所 / a venue is provided")


class Rounds(Data):
    """Round rule (Art. 7(3))."""

    max: Annotated[int, Field(ge=1, le=50)] = 3
    gap_days: Days = 14
    between: list[Literal[ACTIONS]] = ["home_visits"]  # type: ignore[valid-type]
    visits: Annotated[int, Field(ge=0, le=10_000)] = Field(20, description="每轮入户走访户数 / home visits per round")
    escalation: Literal[ESCALATION] = "after_max_rounds"  # type: ignore[valid-type]
    dispute_threshold: Share = Field(0.35, description="强烈反对比例达到即视为较大争议 / strong-objection share that counts as a large dispute")


class Consensus(Data):
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
            raise fail("objection（强烈反对线）应低于 accept（可接受线）", "objection must be below accept")
        return self


class RulesOfProcedure(Data):
    """议事规则, e.g. 南塘议事规则."""

    adopted: bool = Field(True, description="有议事规则（第十一条“有规则”）；否则不限发言、无中立主持 / rules of procedure adopted (Art. 11); without them no turn limit and no neutral chair")
    max_turns: Annotated[int, Field(ge=1, le=20)] | None = 2
    neutral_chair: bool = True
    exchanges: Annotated[int, Field(ge=1, le=20)] = Field(3, description="每次会议的意见交流轮次 / exchanges per meeting")


class LocalRule(Data):
    """A local rule stricter than the statute (:mod:`simulator.law.local`); both must pass."""

    kind: Literal[LOCAL_RULES]  # type: ignore[valid-type]
    share: Annotated[float, Field(gt=0, le=1)] = Field(0.9, description="同意户数比例下限（share_without_objection） / least share of households consenting")
    groups: list[str] = Field([], description="须书面同意的群体（consent_of） / groups whose written consent is needed")
    source: Text | None = Field(None, description="规则出处 / where the rule comes from")

    @model_validator(mode="after")
    def _groups(self):
        if self.kind == "consent_of" and not self.groups:
            raise fail("consent_of 须列出 groups", "consent_of needs groups", at=("groups",))
        return self


class Escalation(Data):
    """Stage 4: the body the law assigns, and how its vote is held."""

    body: Literal[tuple(BODIES)]  # type: ignore[valid-type]
    notice_days: Days | None = Field(
        None,
        description="表决前通知天数；缺省为法定天数（村民会议、成员大会 10 天），法律未定的取 15 天 / "
        "notice before the vote; default: the legal notice (10 days for villagers' and members' meetings), else 15 days",
    )
    turnout: Share = Field(0.7, description="表决参与倾向 / propensity to vote")
    required: bool = Field(
        False, description="即使法律不要求，达成共识后也提交表决（法律保留的事项总要表决） / vote even where the law does not require it (reserved matters always go to the vote)"
    )
    local_rules: list[LocalRule] = Field([], description="比法律更严的本地规则，须同时满足 / local rules on top of the statute; all must pass")
    villages_must_pass: Literal[NEEDS] = Field("all", description="跨村事项：各村均须通过（all）或过半数村通过（majority） / spanning villages: every village, or a majority")  # type: ignore[valid-type]


class Publication(Data):
    """Stage 5: publishing the result (Art. 7(4))."""

    channels: list[Literal["notice_board", "official_account", "wechat"]] = ["notice_board", "wechat"]
    days: Days = 3


class Implementation(Data):
    """Stage 6: implementation and supervision (Art. 8)."""

    days: Days = 30
    supervision: bool = True
    explain_to_dissenters: bool = True


class Procedure(Data):
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
    micro: Micro | None = Field(None, description="微协商：某群体或地点自己的会议，两轮之间举行（rounds.between 写 micro_consultation；第九条） / "
                                "a micro-consultation of one group or place between rounds (micro_consultation in rounds.between; Art. 9)")
    support: Support = Support()
    consult: bool = Field(True, description="先协商再决定；false：不开协商会议，“两委”按收集到的意见提出方案直接决定或提交表决 / consult before "
                          "deciding; false: no meetings, the two committees put the option the concerns heard favour to the decision directly")

    def actions(self) -> list[str]:
        """The between-round actions this procedure can take: a micro-consultation only where ``micro`` says who meets."""
        return [a for a in ACTIONS if a != "micro_consultation" or self.micro is not None]
