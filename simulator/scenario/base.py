"""What every part of a scenario is built from: frozen data, bilingual texts, shares and days,
and the fixed vocabularies a scenario may name."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from .. import i18n

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Days = Annotated[int, Field(ge=0, le=3650)]
HoursValue = Annotated[float, Field(ge=0, le=10_000)]

SELECTION_RULES = (
    "all_affected",
    "open_call",
    "committee_invitation",
    "stratified_random",
    "quota",
)
FORMS = ("offline", "online", "hybrid")
ACTIONS = ("home_visits", "expert_assessment", "revised_proposal", "township_mediation", "micro_consultation")
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
TENURES = ("owner", "tenant", "villager", "non_registered")
TOPICS = ("property_management", "parking", "dog_keeping", "public_facilities", "environment",
          "village_planning", "collective_assets", "dispute", "covenant", "policy")

#: Stance-update rules a scenario may name (``dynamics.rule``); researchers add theirs with
#: :func:`simulator.consultation.deliberation.register_rule`, which keeps this set in step.
UPDATE_RULES: set[str] = {"friedkin_johnsen", "degroot", "deffuant", "hegselmann_krause"}


def fail(zh: str, en: str, at: tuple = ()) -> PydanticCustomError:
    """A validation error that carries both languages (see :mod:`simulator.scenario.errors`);
    ``at``: the field path below the validated model that it is about."""
    return PydanticCustomError("scenario", "{en}", {"zh": zh, "en": en, "at": tuple(at)})


class Data(BaseModel):
    """Plain, frozen data: unknown fields are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def complete(field: str):
    """A validator that fills the keys a partial mapping leaves out from the field's default."""

    def fill(cls, value):
        if isinstance(value, dict):
            return {**cls.model_fields[field].default, **value}
        return value

    return field_validator(field, mode="before")(classmethod(fill))


class Text(Data):
    """A text shown to people, as scenario data: Chinese first, English available (see :class:`simulator.i18n.Text`)."""

    zh: str = Field(min_length=1, description="中文 / Chinese")
    en: str = Field(min_length=1, description="English")

    def __call__(self, lang: str = "zh") -> str:
        return i18n.Text(self.zh, self.en)(lang)
