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
    online_busy: Share = Field(0.5, description="上班族线上出席受会议时间影响的比例（相对线下） / share of the busy effect that still applies online")
    notice_scale: Annotated[float, Field(gt=0, le=60)] = Field(4.0, description="通报天数的作用尺度（天） / days over which notice takes effect")
    notice_floor: Share = Field(0.5, description="当天通报时的出席系数（充分通报为 1） / attendance factor with no notice (full notice: 1)")
    salience_floor: Share = Field(0.5, description="毫不关心者的出席系数（最关心者为 1） / attendance factor at salience 0 (salience 1: 1)")
    organisations: Share = Field(1.0, description="受邀组织出席率 / chance an invited organisation attends")
    written_view: Share = Field(0.7, description="不能上线者通过线下渠道表达意见的比例 / chance to use the offline channel instead")


class Speaking(Data):
    """How much people speak under the rules of procedure."""

    rate: Annotated[float, Field(gt=0, le=20)] = Field(3.0, description="积极发言者的平均发言次数 / mean turns of a keen speaker")
    base: Annotated[float, Field(ge=0, le=5)] = Field(
        0.5, description="发言倾向中不靠关心程度的部分（加在 salience 上） / part of the urge to speak that needs no salience (added to it)"
    )
    influence_power: Annotated[float, Field(ge=0, le=3)] = Field(1.0, description="威望对发言的作用（指数） / exponent of influence on turns")
    influence_power_chaired: Annotated[float, Field(ge=0, le=3)] = Field(
        0.3, description="中立主持人时威望对发言的作用（指数） / the same with a neutral chair"
    )
    chair_invites: Share = Field(0.6, description="中立主持人请沉默者发言的概率 / chance the chair brings in a quiet person")
    online: Share = Field(0.8, description="线上会议的发言折减 / speaking factor online")
    online_hard: Share = Field(0.5, description="老人或无智能手机者线上发言折减 / factor online for elderly or offline people")
    hybrid: Share = Field(1.0, description="线上线下结合会议的发言折减 / speaking factor in a hybrid meeting")
    hybrid_hard: Share = Field(0.8, description="线上线下结合时上述人群的折减 / the same in a hybrid meeting")


class Actions(Data):
    """Effects of the convener's actions between rounds."""

    visit_pull: Share = Field(0.5, description="入户走访后向提案靠拢的幅度 / how far a home visit moves a holdout")
    visit_base: Share = Field(
        0.5, description="走访说服力中不靠信任的部分（加在信任上） / part of a visit's pull that needs no trust (added to trust)"
    )
    visit_trust: Share = Field(0.1, description="入户走访提升的信任 / trust gained from a visit")
    visit_boost: Share = Field(0.3, description="走访后下次出席率的提升 / attendance boost after a visit")
    expert_weight: Share = Field(0.5, description="专家论证的影响 / weight of the expert assessment")
    expert_trust: Share = Field(0.05, description="专家论证提升的信任 / trust gained from an assessment")
    mediation_trust: Share = Field(0.15, description="调解提升的信任 / trust gained from mediation")
    mediation_openness: Share = Field(0.1, description="调解提升的开放度 / openness gained from mediation")


class Compliance(Data):
    """Weights of expected compliance (Art. 8); they add up to at most 1."""

    base: Share = Field(0.3, description="基础遵守率 / compliance of anyone")
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
    expert: HoursValue = Field(16.0, description="专家论证 / expert assessment")
    mediation: HoursValue = Field(9.0, description="乡镇调解 / township mediation")
    revision: HoursValue = Field(4.0, description="修改方案 / revised proposal")
    organisers: Annotated[int, Field(ge=0, le=100)] = Field(3, description="每次会议的组织者人数 / organisers per meeting")
    written_view: HoursValue = Field(0.5, description="每份线下书面意见 / per view given through the offline channel")
    publication: HoursValue = Field(2.0, description="每个公开渠道 / per publication channel")
    vote: HoursValue = Field(1.0, description="每位投票者 / per voter")
    vote_organising: HoursValue = Field(24.0, description="组织表决 / organising the vote")


class Recruitment(Data):
    """Who accepts a seat, who volunteers, whom the committee invites (Art. 5, 7(2))."""

    willing_base: Share = Field(0.25, description="毫不关心者接受邀请的概率 / chance to accept a seat at salience 0")
    willing_salience: Share = Field(0.75, description="关心程度使接受概率增加的幅度 / what salience adds to that chance")
    volunteer_power: Annotated[float, Field(ge=0, le=10)] = Field(
        2.0, description="公开报名概率为 salience 的几次方 / exponent of salience in the chance to volunteer"
    )
    volunteer_busy: Share = Field(0.5, description="白天会议时上班族报名的折减 / how much a daytime meeting deters day workers from volunteering")
    invite_influence: Annotated[float, Field(ge=0, le=5)] = Field(
        0.5, description="两委邀请评分中威望（对数）的权重（信任权重为 1） / weight of log influence in the committee's choice (trust weighs 1)"
    )
    invite_noise: Annotated[float, Field(ge=0, le=5)] = Field(0.1, description="两委邀请评分的随机成分（标准差） / random part of the committee's choice (SD)")
    quota_noise: Annotated[float, Field(ge=0, le=5)] = Field(0.1, description="定额名额按关心程度排序的随机成分（标准差） / random part of the keenness ranking for quota seats (SD)")


TRAITS = ("salience", "openness", "trust", "speaking")


class Community(Data):
    """How households of one group differ from each other."""

    trait_sd: dict[Literal[TRAITS], Annotated[float, Field(ge=0, le=1)]] = Field(  # type: ignore[valid-type]
        {"salience": 0.1, "openness": 0.1, "trust": 0.1, "speaking": 0.1},
        description="组内特质的标准差（围绕组值，截断到 0–1） / spread of each trait around the group's value (SD, clipped to 0-1)",
    )
    _trait_sd = complete("trait_sd")
    influence_sd: Annotated[float, Field(ge=0, le=2)] = Field(0.2, description="组内威望的对数标准差 / spread of influence within a group (SD of its log)")
    area_cv: Annotated[float, Field(ge=0, le=2)] = Field(0.2, description="组内专有面积的变异系数 / coefficient of variation of floor area within a group")
    area_min: Annotated[float, Field(ge=0, le=1000)] = Field(20.0, description="最小专有面积（平方米） / smallest floor area (m²)")


class Fairness(Data):
    """Perceived fairness: was my group included and heard, and was I? Weights add up to at most 1."""

    presence: Share = Field(0.5, description="群体公平中到场占比的权重 / weight of my group's presence")
    voice: Share = Field(0.5, description="群体公平中发言占比的权重 / weight of my group's voice")
    group: Share = Field(0.7, description="群体受到公平对待的权重 / weight of how my group fared")
    own: Share = Field(0.3, description="本户经历的权重 / weight of my own experience")
    took_part: Share = Field(1.0, description="本户参与时的本户得分 / own score if I took part")
    asked: Share = Field(0.5, description="未参与但议题阶段意见被收集时的本户得分 / own score if my concerns were only collected")
    not_asked: Share = Field(0.0, description="既未参与也未被征求意见时的本户得分 / own score if neither")

    @model_validator(mode="after")
    def _total(self):
        for a, b in (("presence", "voice"), ("group", "own")):
            total = getattr(self, a) + getattr(self, b)
            if total > 1 + 1e-9:
                raise fail(f"公平感权重 {a} + {b} 不能超过 1，实际为 {total:.3g}", f"fairness weights {a} + {b} must add up to at most 1, got {total:.3g}")
        return self


class Voting(Data):
    """Who is on a representatives' roll and who turns out to vote."""

    households_per_representative: Annotated[int, Field(ge=5, le=15)] = Field(
        10, description="每几户一名代表（法定 5–15 户） / households per representative (the law allows 5-15)"
    )
    stay_away_base: Annotated[float, Field(ge=1, le=3)] = Field(
        1.5, description="缺席倾向 = (1 − turnout)·(此值 − salience) / stay-away weight is (1 − turnout)·(this − salience)"
    )
    informed_stay_away: Share = Field(0.5, description="知情者缺席倾向的折减 / stay-away factor for informed voters")


class Aftermath(Data):
    """After the decision: households harmed by it (utility below the objection line) may obstruct
    the works or ask a court to revoke it (Civil Code arts. 280, 265). Every number is an assumption
    (``docs/model.md``)."""

    obstruct: Share = Field(0.3, description="受损户（关心程度为 1）阻挠施工的概率 / chance a harmed household of salience 1 obstructs the works")
    overcome: Share = Field(0.8, description="一起阻工经调解或依法处理后得以化解的概率 / chance one obstruction is cleared by mediation or enforcement")
    sue: Share = Field(0.02, description="受损户（关心程度为 1）起诉请求撤销决定的概率 / chance a harmed household of salience 1 sues to revoke the decision")
    revoke: Share = Field(0.05, description="一起诉讼导致决定被撤销的概率 / chance one suit gets the decision revoked")


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
    selection: Recruitment = Recruitment()
    community: Community = Community()
    fairness: Fairness = Fairness()
    voting: Voting = Voting()
    aftermath: Aftermath = Aftermath()
    abstain_band: Share = Field(0.1, description="略低于可接受线时弃权 / abstain when this close below the acceptance line")
    landlord_turnout: Share = Field(
        0.3, description="出租房屋业主参加业主大会表决的比例（多不在本小区居住） / share of tenants' landlords who vote in the owners' assembly"
    )
