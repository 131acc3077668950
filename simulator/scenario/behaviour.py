"""Behaviour: every behavioural number of the model, as parameters with documented defaults.

The defaults are the kit's calibration (``docs/model.md`` gives each one's source, or says
it is an assumption); a scenario's ``behaviour:`` section, ``--set behaviour.…`` and sweep
designs vary them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import CHANNELS, Data, HoursValue, Share, complete, fail


class Attendance(Data):
    """How likely people are to come (Art. 6, 7(2))."""

    offline: Share = Field(0.85, description="线下会议基础出席率 / base chance to attend offline")
    online: Share = Field(0.9, description="有智能手机者线上出席率 / chance to join online with a smartphone")
    without_phone: Share = Field(0.05, description="无智能手机者线上出席率（靠家人帮助） / online without a smartphone")
    elderly_offline: Share = Field(0.9, description="老年人线下出席折减 / factor for elderly people offline")
    disability: Share = Field(0.5, description="残疾带来的出席折减 / reduction for disability")
    busy: dict[Literal["evening", "daytime", "weekend"], Share] = Field(
        {"evening": 0.1, "daytime": 0.6, "weekend": 0.0}, description="上班族因会议时间缺席的比例 / share of day workers kept away, by meeting time"
    )
    _busy = complete("busy")
    notice_scale: Annotated[float, Field(gt=0, le=60)] = Field(4.0, description="通报天数的作用尺度（天） / days over which notice takes effect")
    written_view: Share = Field(0.7, description="不能上线者通过线下渠道表达意见的比例 / chance to use the offline channel instead")


class Speaking(Data):
    """How much people speak under the rules of procedure."""

    rate: Annotated[float, Field(gt=0, le=20)] = Field(3.0, description="积极发言者的平均发言次数 / mean turns of a keen speaker")
    chair_invites: Share = Field(0.6, description="中立主持人请沉默者发言的概率 / chance the chair brings in a quiet person")
    online: Share = Field(0.8, description="线上会议的发言折减 / speaking factor online")
    online_hard: Share = Field(0.5, description="老人或无智能手机者线上发言折减 / factor online for elderly or offline people")
    hybrid_hard: Share = Field(0.8, description="线上线下结合时上述人群的折减 / the same in a hybrid meeting")


class Actions(Data):
    """Effects of the convener's actions between rounds."""

    visit_pull: Share = Field(0.5, description="入户走访后向提案靠拢的幅度 / how far a home visit moves a holdout")
    visit_trust: Share = Field(0.1, description="入户走访提升的信任 / trust gained from a visit")
    visit_boost: Share = Field(0.3, description="走访后下次出席率的提升 / attendance boost after a visit")
    expert_weight: Share = Field(0.5, description="专家论证的影响 / weight of the expert assessment")
    expert_trust: Share = Field(0.05, description="专家论证提升的信任 / trust gained from an assessment")
    mediation_trust: Share = Field(0.15, description="调解提升的信任 / trust gained from mediation")
    mediation_openness: Share = Field(0.1, description="调解提升的开放度 / openness gained from mediation")


class Compliance(Data):
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
            raise fail(f"遵守率各项权重之和不能超过 1，实际为 {total:.3g}", f"compliance weights must add up to at most 1, got {total:.3g}")
        return self


class Hours(Data):
    """Person-hours of each piece of work (cost)."""

    topic: dict[Literal[CHANNELS], HoursValue] = Field(  # type: ignore[valid-type]
        {"home_visits": 40.0, "forum": 30.0, "deputies_reception": 6.0, "wechat": 4.0, "notice_board": 1.0, "official_account": 2.0},
        description="各渠道收集议题的人·小时 / hours to collect concerns per channel",
    )
    _topic = complete("topic")
    visit: HoursValue = Field(3.0, description="每户走访（两名社工） / per household visited (two workers)")
    expert: HoursValue = 16.0
    mediation: HoursValue = 9.0
    revision: HoursValue = 4.0
    organisers: Annotated[int, Field(ge=0, le=100)] = Field(3, description="每次会议的组织者人数 / organisers per meeting")
    written_view: HoursValue = Field(0.5, description="每份线下书面意见 / per view given through the offline channel")
    publication: HoursValue = Field(2.0, description="每个公开渠道 / per publication channel")
    vote: HoursValue = Field(1.0, description="每位投票者 / per voter")
    vote_organising: HoursValue = Field(24.0, description="组织表决 / organising the vote")


class Behaviour(Data):
    """Behavioural parameters: defaults are the kit's calibration; researchers may vary them."""

    reach: dict[Literal[CHANNELS], Share] = Field(  # type: ignore[valid-type]
        {"wechat": 0.8, "official_account": 0.4, "notice_board": 0.5, "forum": 0.2, "home_visits": 0.3, "deputies_reception": 0.1},
        description="各渠道触达住户的比例（微信群、公众号只触达有智能手机者） / share each channel reaches (WeChat and the official account need a smartphone)",
    )
    _reach = complete("reach")
    attendance: Attendance = Attendance()
    speaking: Speaking = Speaking()
    actions: Actions = Actions()
    compliance: Compliance = Compliance()
    hours: Hours = Hours()
    abstain_band: Share = Field(0.1, description="略低于可接受线时弃权 / abstain when this close below the acceptance line")
    landlord_turnout: Share = Field(
        0.3, description="出租房屋业主参加业主大会表决的比例（多不在本小区居住） / share of tenants' landlords who vote in the owners' assembly"
    )
