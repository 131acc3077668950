"""A human role-play of a scenario's consultation: role cards (角色卡) for each group and
organisation, the facilitator's guide, and the class's result placed in the model's distribution."""

from .cards import role_cards
from .guide import cast, facilitator_guide, role_play_pack

__all__ = ["cast", "facilitator_guide", "role_cards", "role_play_pack"]
