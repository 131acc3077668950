"""Costs and benefits: what an option does to each group, and what each group cares about.

An option's utility for a household is its group's general stance plus what the option's
effects are worth to it (E1, E6, E7: cost shares, noise and light by floor). A compromise
can be built from another option (``like``) with different effects, such as floor-based cost
shares or compensation for floors 1–2, instead of being written in as a number.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Data

DIMENSIONS = ("money", "time", "noise", "light", "convenience")
Level = Annotated[float, Field(ge=-1, le=1)]


class Effect(Data):
    """What an option does to a household of one group (0 = nothing changes)."""

    money: Annotated[float, Field(ge=-10_000_000, le=10_000_000)] = Field(
        0.0, description="每户一次性收支（元，付出为负，补偿为正） / one-off money per household (yuan; paying is negative)"
    )
    time: Level = Field(0.0, description="时间（−1 最费时，+1 最省时） / time (−1 costs most, +1 saves most)")
    noise: Level = Field(0.0, description="噪声（−1 最吵） / noise (−1 loudest)")
    light: Level = Field(0.0, description="采光通风（−1 最差） / light and air (−1 worst)")
    convenience: Level = Field(0.0, description="方便（−1 最不便，+1 最方便） / convenience (−1 least, +1 most)")


class Values(Data):
    """What a group's households care about: utility per unit of each effect (assumptions)."""

    money: Annotated[float, Field(ge=0, le=5)] = Field(0.1, description="每万元的效用 / utility per 10,000 yuan")
    time: Annotated[float, Field(ge=0, le=1)] = Field(0.15, description="时间的权重 / weight of time")
    noise: Annotated[float, Field(ge=0, le=1)] = Field(0.2, description="噪声的权重 / weight of noise")
    light: Annotated[float, Field(ge=0, le=1)] = Field(0.2, description="采光的权重 / weight of light")
    convenience: Annotated[float, Field(ge=0, le=1)] = Field(0.3, description="方便的权重 / weight of convenience")

    def worth(self, effect: Effect) -> float:
        """What ``effect`` is worth to a household that values things this way."""
        return self.money * effect.money / 10_000 + sum(getattr(self, d) * getattr(effect, d) for d in DIMENSIONS[1:])
