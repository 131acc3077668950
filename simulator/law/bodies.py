"""Decision bodies: the formal bodies a consultation can escalate to, and who votes in each.

The legal reading is in ``shared/domain/decision-rules.md``; each body cites its law.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..i18n import Text


@dataclass(frozen=True)
class Body:
    """A formal decision body: its names, its law, and who is on its roll."""

    id: str
    name: Text
    law: Text
    who: Text  # what one voter is called
    weights_area: bool  # votes also count floor area (owners' assembly)
    notice_days: int | None  # only where the law states it; None = not stated
    tenures: tuple[str, ...] | None = None  # households of these tenures are on the roll; None = every household
    members_only: bool = False  # only households of collective members
    roll: Text = Text("住户", "households")  # whom the roll needs, for messages
    per_adult: bool = False  # one vote per adult, not per household
    representatives: bool = False  # a meeting of representatives drawn from the roll
    min_representatives: int = 1  # the fewest representatives the law allows
    revocation: Text | None = None  # the law that lets a harmed voter ask a court to revoke its decision

    def admits(self, tenure: str, member: bool) -> bool:
        """Whether a household of this tenure (and collective membership) is on the roll."""
        return (self.tenures is None or tenure in self.tenures) and (member or not self.members_only)


# Art. 28 of the Rural Collective Economic Organisation Law: more than 20.
COLLECTIVE_REPRESENTATIVES_MORE_THAN = 20

_OWNERS = Text("业主", "owners")
_VILLAGERS = Text("户籍村民", "registered villagers")
_MEMBERS = Text("集体经济组织成员", "collective members")
_ART_280 = Text("《民法典》第二百八十条第二款：业主大会的决定侵害业主合法权益的，受侵害的业主可以请求人民法院撤销",
                "Civil Code art. 280(2): an owner whose lawful rights a decision harms may ask a court to revoke it")
_ART_265 = Text("《民法典》第二百六十五条第二款：农村集体经济组织、村民委员会或者其负责人作出的决定侵害集体成员合法权益的，受侵害的成员可以请求人民法院撤销",
                "Civil Code art. 265(2): a collective member whose lawful rights a decision of the collective or villagers' "
                "committee harms may ask a court to revoke it")

_BODY_LIST = (
    # A tenant's unit is on the owners' assembly roll: its landlord votes.
    Body("owners_assembly", Text("业主大会", "owners' assembly"), Text("《民法典》第二百七十八条", "Civil Code art. 278"),
         Text("业主", "owners"), weights_area=True, notice_days=None, tenures=("owner", "tenant"), roll=_OWNERS,
         revocation=_ART_280),
    Body("residents_meeting", Text("居民会议", "residents' meeting"),
         Text("《城市居民委员会组织法》第九条", "Organic Law of Urban Residents' Committees art. 9"),
         Text("居民", "residents"), weights_area=False, notice_days=None),
    Body("villagers_meeting", Text("村民会议", "villagers' meeting"),
         Text("《村民委员会组织法》第二十二条", "Organic Law of Villagers' Committees art. 22"),
         Text("村民", "villagers"), weights_area=False, notice_days=10,  # art. 21
         tenures=("villager",), roll=_VILLAGERS, per_adult=True, revocation=_ART_265),
    Body("villager_representatives_meeting", Text("村民代表会议", "villagers' representatives' meeting"),
         Text("《村民委员会组织法》第二十六条", "Organic Law of Villagers' Committees art. 26"),
         Text("村民代表", "representatives"), weights_area=False, notice_days=None,
         tenures=("villager",), roll=_VILLAGERS, representatives=True, revocation=_ART_265),
    Body("collective_members_meeting", Text("集体经济组织成员大会", "collective members' meeting"),
         Text("《农村集体经济组织法》第二十七条", "Rural Collective Economic Organisation Law art. 27"),
         Text("成员", "members"), weights_area=False, notice_days=10,  # art. 27
         members_only=True, roll=_MEMBERS, per_adult=True, revocation=_ART_265),
    Body("collective_representatives_meeting", Text("集体经济组织成员代表大会", "collective members' representatives' meeting"),
         Text("《农村集体经济组织法》第二十八条", "Rural Collective Economic Organisation Law art. 28"),
         Text("成员代表", "representatives"), weights_area=False, notice_days=None,
         members_only=True, roll=_MEMBERS, representatives=True,
         min_representatives=COLLECTIVE_REPRESENTATIVES_MORE_THAN + 1, revocation=_ART_265),
)

BODIES: Mapping[str, Body] = MappingProxyType({b.id: b for b in _BODY_LIST})
