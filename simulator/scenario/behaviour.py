"""Behaviour: every behavioural number of the model, as parameters with documented defaults.

The defaults are the kit's calibration (``docs/model.md`` gives each one's source, or says
it is an assumption); a scenario's ``behaviour:`` section, ``--set behaviour.…`` and sweep
designs vary them.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import Field, field_validator, model_validator

from .base import CHANNELS, Data, HoursValue, Share, complete, fail
from .support import SupportBehaviour


TIMES = ("evening", "daytime", "weekend")
STAGES = ("retired", "day_worker", "shift_worker", "carer", "other")


def _times(evening: float, daytime: float, weekend: float):
    return Field({"evening": evening, "daytime": daytime, "weekend": weekend},
                 description="按会议时间（晚上、白天、周末）能来的比例 / share free to come, by meeting time")


class Availability(Data):
    """Who is free at the meeting's time, by life stage (all assumptions, in the direction of P1)."""

    retired: dict[Literal[TIMES], Share] = _times(0.9, 1.0, 0.85)  # type: ignore[valid-type]
    day_worker: dict[Literal[TIMES], Share] = _times(0.8, 0.3, 0.75)  # type: ignore[valid-type]
    shift_worker: dict[Literal[TIMES], Share] = _times(0.45, 0.45, 0.5)  # type: ignore[valid-type]
    carer: dict[Literal[TIMES], Share] = _times(0.45, 0.6, 0.6)  # type: ignore[valid-type]
    other: dict[Literal[TIMES], Share] = _times(0.85, 0.85, 0.85)  # type: ignore[valid-type]
    _retired, _day, _shift = complete("retired"), complete("day_worker"), complete("shift_worker")
    _carer, _other = complete("carer"), complete("other")

    def table(self) -> dict[str, list[float]]:
        """Shares by time, in the order of :data:`STAGES`."""
        return {t: [getattr(self, s)[t] for s in STAGES] for t in TIMES}


class Attendance(Data):
    """How likely people are to come (Art. 6, 7(2))."""

    offline: Share = Field(0.85, description="线下会议基础出席率 / base chance to attend offline")
    online: Share = Field(0.9, description="有智能手机者线上出席率 / chance to join online with a smartphone")
    without_phone: Share = Field(0.05, description="无智能手机者线上出席率（靠家人帮助） / online without a smartphone")
    elderly_offline: Share = Field(0.9, description="老年人线下出席折减（行动不便） / factor for elderly people offline (mobility)")
    disability: Share = Field(0.5, description="残疾带来的出席折减 / reduction for disability")
    online_busy: Share = Field(0.5, description="因会议时间缺席者在线上仍缺席的比例（相对线下） / share of the time-of-day absence that still applies online")
    notice_scale: Annotated[float, Field(gt=0, le=60)] = Field(4.0, description="通报天数的作用尺度（天） / days over which notice takes effect")
    notice_floor: Share = Field(0.5, description="当天通报时的出席系数（充分通报为 1） / attendance factor with no notice (full notice: 1)")
    salience_floor: Share = Field(0.5, description="毫不关心者的出席系数（最关心者为 1） / attendance factor at salience 0 (salience 1: 1)")
    organisations: Share = Field(1.0, description="受邀组织出席率 / chance an invited organisation attends")
    written_view: Share = Field(0.7, description="不能上线者通过线下渠道表达意见的比例 / chance to use the offline channel instead")
    availability: Availability = Availability()


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
    invite_influence: Annotated[float, Field(ge=0, le=5)] = Field(
        0.5, description="两委邀请评分中威望（对数）的权重（信任权重为 1） / weight of log influence in the committee's choice (trust weighs 1)"
    )
    invite_noise: Annotated[float, Field(ge=0, le=5)] = Field(0.1, description="两委邀请评分的随机成分（标准差） / random part of the committee's choice (SD)")
    quota_noise: Annotated[float, Field(ge=0, le=5)] = Field(0.1, description="定额名额中积极程度的随机成分（标准差） / random part of the keenness that orders arrivals for quota seats (SD)")


class AgeTurnout(Data):
    """Turnout at one age (P1)."""

    age: Annotated[int, Field(ge=16, le=100)] = Field(description="年龄（岁） / age (years)")
    turnout: Share = Field(description="参与率 / turnout")


class Participation(Data):
    """Who comes of their own accord: age, organised groups, activists, reach, proxies (Art. 5, 7(2))."""

    turnout_by_age: list[AgeTurnout] = Field(
        [AgeTurnout(age=24, turnout=0.138), AgeTurnout(age=55, turnout=0.557), AgeTurnout(age=75, turnout=0.777)],
        min_length=1, description="各年龄的参与率，居委会选举调查（P1）；其间线性插值 / turnout by age (P1 survey), interpolated",
    )
    age_gradient: Share = Field(1.0, description="公开报名中年龄梯度的强度（1 = P1 的全部梯度） / strength of P1's age gradient in volunteering")
    age_gradient_invited: Share = Field(0.3, description="接受席位者出席中年龄梯度的强度（邀请全体受影响住户时用 age_gradient） / strength of the age gradient in the attendance of those who accepted a seat (an open meeting of every affected household uses age_gradient)")
    shift_workers: Share = Field(0.15, description="上班者中轮班工作的比例 / share of working households on shifts")
    carers: Share = Field(0.2, description="非老年户中有幼儿或学龄子女的比例 / share of non-elderly households caring for young children")
    bloc: Share = Field(0.8, description="组织起来的群体动员时，成员报名或出席的概率（P5） / chance an organised member comes when the group mobilises (P5)")
    activists: Share = Field(0.03, description="积极分子户的比例（P2） / share of activist households (P2)")
    activist_proxies: Annotated[int, Field(ge=0, le=50)] = Field(
        5, description="每名积极分子在允许委托的表决中收集的委托票数（P2） / proxies an activist collects where the body allows them (P2)"
    )
    tenant_reach: dict[Literal[CHANNELS], Share] = Field(  # type: ignore[valid-type]
        {"wechat": 0.4, "official_account": 0.7, "notice_board": 1.0, "forum": 0.8, "home_visits": 1.0, "deputies_reception": 1.0},
        description="各渠道对租户的触达折减（租户多不在业主群） / factor on each channel's reach for tenants (often not in the owners' group)",
    )
    _tenant_reach = complete("tenant_reach")

    @field_validator("turnout_by_age")
    @classmethod
    def _ages(cls, value: list[AgeTurnout]) -> list[AgeTurnout]:
        if max(p.turnout for p in value) <= 0:
            raise fail("turnout_by_age 至少有一个年龄的参与率大于 0", "turnout_by_age needs a turnout above 0 at some age")
        return sorted(value, key=lambda p: p.age)

    def age_factor(self, age, gradient: float):
        """Relative turnout at ``age`` (1 at the keenest age), with ``gradient`` of P1's slope."""
        ages, shares = zip(*((p.age, p.turnout) for p in self.turnout_by_age))
        relative = np.interp(age, ages, shares) / max(shares)
        return 1 - gradient * (1 - relative)


class Persuasion(Data):
    """How stances move, and fail to (E1–E4; the deliberation literature in ``docs/model.md``)."""

    meeting: Annotated[float, Field(ge=0, le=5)] = Field(
        2.0, description="会上受他人影响的程度（乘在开放度上，供立场更新规则使用） / susceptibility to the floor in a meeting (multiplies openness in the update rule)"
    )
    holdouts: Share = Field(0.15, description="最关心者（关心程度 1）成为“钉子户”的概率，按关心程度缩放（E2） / chance a household of salience 1 is a holdout, scaled by salience (E2)")
    holdout_openness: Share = Field(0.05, description="钉子户的开放度系数 / openness factor of a holdout")
    personal_stake: Share = Field(0.5, description="切身利益使开放度随关心程度下降的幅度 / how much salience lowers openness where the stake is personal")
    backlash_below: Share = Field(0.35, description="信任低于此值者被走访或施压时反感 / trust below which a visit or pressure backfires")
    backlash: Share = Field(0.5, description="反感时背离提案的幅度（相对于原本的说服幅度） / how far a backfiring visit moves away, relative to its pull")
    repeat: Share = Field(0.5, description="再次走访的效果相对上一次的比例（边际递减） / effect of each repeat visit relative to the last")
    lasting: Share = Field(0.5, description="走访和论证带来的改变中持久的部分 / share of a persuaded change that lasts")
    fade: Share = Field(0.5, description="两轮之间未持久的改变回落的比例（锚定） / share of a non-lasting change lost before the next round")
    isolated: Share = Field(0.275, description="几乎不与邻居来往的住户比例（P3：27.5%） / share of households that almost never talk to neighbours (P3)")
    ties: Annotated[float, Field(ge=0, le=20)] = Field(4.0, description="有来往者的平均邻居数（同楼为主） / mean neighbours of a household that talks to neighbours")
    across_buildings: Share = Field(0.1, description="邻里关系中跨楼栋的比例 / share of ties to other buildings")
    neighbour_pull: Share = Field(0.1, description="两轮之间邻里交谈使立场靠拢的幅度 / how far neighbours' talk moves a stance between rounds")


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


class Legacy(Data):
    """What a consultation leaves behind (有结果、有记录, Art. 7(4), 8, 11): how each household's trust in
    the convener moves afterwards, and, in a year of consultations, what that trust does to turnout next
    time. Every number is an assumption (``docs/model.md``); within one run they change nothing but the
    trust reported."""

    result_reached: Share = Field(0.06, description="公开的结果到达本户时信任的提升（乘到达概率） / trust gained where the published result reaches the household (times the reach)")
    explained: Share = Field(0.1, description="不同意者获得解释说明时信任的提升（乘获解释的概率） / trust a dissenter gains from an explanation (times its chance)")
    heard: Share = Field(0.05, description="本户被听到（参与、被走访或意见被收集）时信任的提升 / trust gained by a household that was heard (took part, was visited, or its concerns were collected)")
    recorded: Share = Field(0.03, description="留存记录时，被听到或结果到达的住户信任的提升 / with a record kept, trust gained by those heard or reached by the result")
    overridden: Share = Field(0.15, description="不同意者既未看到公开结果也未获解释时信任的下降 / trust a dissenter loses when neither the result nor an explanation reaches it")
    nothing_came: Share = Field(0.1, description="被听到者在无决定或决定未实施时信任的下降 / trust lost by those heard when no decision came, or it was not carried out")
    deference: Share = Field(0.1, description="一年多次协商中：信任每比年初高 1，对两委提出的改变（现状以外的方案）的效用增加多少 / in a year of consultations: utility added to the changes the convener tables (every option but the status quo) per unit of trust gained since the year began")
    turnout: Share = Field(0.5, description="一年多次协商中：信任每比年初高 1，会议出席概率增加多少 / in a year of consultations: attendance chance added per unit of trust gained since the year began")


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
    participation: Participation = Participation()
    persuasion: Persuasion = Persuasion()
    support: SupportBehaviour = SupportBehaviour()
    legacy: Legacy = Legacy()
    proposers: Annotated[int, Field(ge=1, le=1000)] = Field(
        3, description="每个群体提出方案的住户数：议题收集渠道听到其中一户即上桌（假设） / households of a group who carry its proposal: "
        "tabled if the topic channels hear one of them (assumption)")
    abstain_band: Share = Field(0.1, description="略低于可接受线时弃权 / abstain when this close below the acceptance line")
    landlord_turnout: Share = Field(
        0.3, description="出租房屋业主参加业主大会表决的比例（多不在本小区居住） / share of tenants' landlords who vote in the owners' assembly"
    )
