"""Art. 11's support for a consultation: the staff who run it (有人员), incentives for those who come
(误工补贴, 乡村治理积分) and professional help (社会工作者, 政府购买服务). ``procedure.support`` says what a
community provides; ``behaviour.support`` says what that does (every number in ``docs/model.md``)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from .base import Data, HoursValue, Share

PROFESSIONALS = ("none", "social_worker", "purchased_service")
Yuan = Annotated[float, Field(ge=0, le=1_000_000)]


class Support(Data):
    """What the convener provides (Art. 11): staff, incentives, professional help."""

    organisers: Annotated[int, Field(ge=0, le=100)] = Field(
        3, description="每次会议的组织者（社区工作者）人数：通知、布置、接待、记录 / organisers (community workers) per meeting: notice, set-up, reception, minutes"
    )
    allowance: Yuan = Field(0.0, description="误工补贴，元/人·次（每户每次到会） / lost-work allowance, yuan per household per meeting attended")
    points: Annotated[int, Field(ge=0, le=10_000)] = Field(
        0, description="乡村治理积分，分/人·次（每户每次到会） / governance points per household per meeting attended"
    )
    professional: Literal[PROFESSIONALS] = Field(  # type: ignore[valid-type]
        "none", description="专业支持：无、社会工作者、政府购买服务 / professional support: none, a social worker, a government-purchased service"
    )


class Professional(Data):
    """What one kind of professional support does at each meeting, and what it costs."""

    invites: Share = Field(description="主持人漏请的沉默者中由专业人员请来发言的比例 / share of the quiet people the chair leaves out whom the professional brings in")
    openness: Annotated[float, Field(ge=1, le=3)] = Field(description="会上开放度的倍数 / factor on openness at meetings")
    calm: Share = Field(description="入户走访引起反感的信任门槛降低的比例 / share by which the trust below which a visit backfires falls")
    yuan: Yuan = Field(description="每次会议的费用（元） / cost per meeting (yuan)")
    hours: HoursValue = Field(description="每次会议的专业人员工时（人·小时） / professional person-hours per meeting")


class SupportBehaviour(Data):
    """What staff, a venue, incentives and professionals change (all assumptions; ``docs/model.md``)."""

    organisers_needed: Annotated[int, Field(ge=1, le=100)] = Field(
        3, description="把一次会议办好所需的组织者人数（主持、记录、通知接待） / organisers a meeting needs to be run well (chair, minutes, notice and reception)"
    )
    no_venue: Share = Field(0.8, description="没有固定议事场所时线下出席率的系数 / factor on offline attendance without a venue")
    incentive_max: Share = Field(
        0.5, description="补贴或积分最多能抵消上班者因工作缺席的比例 / most of working households' absence for work an incentive can overcome"
    )
    incentive_scale: Annotated[float, Field(gt=0, le=100_000)] = Field(
        100.0, description="补贴的作用尺度（元，约一天最低工资） / yuan over which an incentive takes effect (about a day's minimum wage)"
    )
    point_value: Yuan = Field(1.0, description="每分积分兑换的价值（元） / yuan a point is redeemed for")
    point_regard: Share = Field(0.5, description="一分积分作为激励相当于同值现金的比例 / how much a point counts as an incentive, relative to its value in cash")
    social_worker: Professional = Professional(invites=0.5, openness=1.15, calm=0.3, yuan=400.0, hours=4.0)
    purchased_service: Professional = Professional(invites=0.7, openness=1.25, calm=0.5, yuan=1500.0, hours=10.0)

    @field_validator("social_worker", "purchased_service", mode="before")
    @classmethod
    def _fill(cls, value, info):
        """A partial entry keeps the other numbers of its default (``--set behaviour.support.social_worker.yuan=300``)."""
        return {**cls.model_fields[info.field_name].default.model_dump(), **value} if isinstance(value, dict) else value
