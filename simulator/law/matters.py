"""Matters: which body the law reserves each kind of matter to, with what threshold, citing the law.

A scenario's option names its matter (``legal_class``). The table says whether a vote is required,
which bodies may decide it, and which threshold class (``ordinary`` / ``major``) the body applies.
The legal reading is in ``shared/domain/decision-rules.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..i18n import BilingualError, Text
from .bodies import BODIES


@dataclass(frozen=True)
class Matter:
    """A kind of matter: the bodies the law lets decide it, and the article that says so."""

    id: str
    name: Text
    bodies: tuple[str, ...]  # the bodies that may decide it; () = the consultation may settle it
    threshold: str  # "ordinary" or "major": the class of threshold those bodies apply
    law: Text
    example: Text

    @property
    def reserved(self) -> bool:
        """Whether only a body's vote can adopt it (an agreement at the table is a recommendation)."""
        return bool(self.bodies)

    def allows(self, body: str) -> bool:
        """Whether ``body`` may decide this matter (any body may vote on a matter the law does not reserve)."""
        return not self.bodies or body in self.bodies

    def required_bodies(self, lang: str = "zh") -> str:
        return ("、" if lang == "zh" else " or ").join(BODIES[b].name(lang) for b in self.bodies)


_VILLAGE = ("villagers_meeting", "villager_representatives_meeting")

_MATTER_LIST = (
    Matter("agreement", Text("协商议定事项", "matter the consultation may settle"), (), "ordinary",
           Text("《天津市城乡社区协商指导规范》第七条第（四）项、第八条：协商结果公开并组织实施",
                "Tianjin norms art. 7(4) and 8: the result is published and implemented"),
           Text("遛狗时段安排、与周边单位错时共享车位协议、维持现状", "walking hours, a time-share agreement with a nearby unit, keeping things as they are")),
    Matter("owners_ordinary", Text("业主共同决定的一般事项", "owners' joint matter (ordinary)"), ("owners_assembly",), "ordinary",
           Text("《民法典》第二百七十八条第一款第（一）至（五）、（九）项，第二款",
                "Civil Code art. 278(1) items 1-5 and 9, art. 278(2)"),
           Text("管理规约、选聘物业、使用维修资金、共有部分车位的管理和收费", "the owners' covenant, hiring the property company, using maintenance funds, managing and charging for spaces on common parts")),
    Matter("owners_major", Text("业主共同决定的重大事项", "owners' joint matter (major)"), ("owners_assembly",), "major",
           Text("《民法典》第二百七十八条第一款第（六）至（八）项，第二款",
                "Civil Code art. 278(1) items 6-8, art. 278(2)"),
           Text("筹集维修资金、改建重建（加装电梯）、改变共有部分用途（绿地改车位）", "raising maintenance funds, rebuilding or altering (a lift), changing the use of common parts (green space to parking)")),
    Matter("residents_important", Text("涉及全体居民利益的重要事项", "important matter for all residents"), ("residents_meeting",), "ordinary",
           Text("《城市居民委员会组织法》第九条、第十条、第十五条（居民公约由居民会议讨论制定）",
                "Organic Law of Urban Residents' Committees arts. 9, 10 and 15 (the residents' covenant is made by the residents' meeting)"),
           Text("居民公约（如文明养犬公约）", "a residents' covenant (e.g. on keeping dogs)")),
    Matter("village_affairs", Text("村民会议决定事项", "villagers' meeting matter"), _VILLAGE, "ordinary",
           Text("《村民委员会组织法》第二十四条（村民会议可授权村民代表会议）",
                "Organic Law of Villagers' Committees art. 24 (the meeting may delegate to the representatives)"),
           Text("误工补贴、公益事业筹资筹劳、村集体经济项目立项", "lost-work allowances, public-works funding and labour, approving a collective project")),
    Matter("village_land", Text("承包地调整等须三分之二同意的事项", "land matter needing 2/3"), _VILLAGE, "major",
           Text("《农村土地承包法》第十九条、第二十八条、第五十二条；《土地管理法》第六十三条",
                "Rural Land Contracting Law arts. 19, 28 and 52; Land Administration Law art. 63"),
           Text("承包方案、调整承包地（修路占地）、集体经营性建设用地出租出让", "the contracting plan, adjusting plots (a road across contracted land), leasing collective construction land")),
    Matter("collective_major", Text("集体经济组织重大事项", "collective economic organisation matter"),
           ("collective_members_meeting", "collective_representatives_meeting"), "major",
           Text("《农村集体经济组织法》第二十六条、第二十七条、第二十八条（成员代表大会可决定）",
                "Rural Collective Economic Organisation Law arts. 26-28 (the representatives' meeting may decide)"),
           Text("集体资产的出租、出售、投资，年度预算和收益分配", "leasing, selling or investing collective assets; budgets and income distribution")),
    Matter("collective_reserved", Text("只能由成员大会决定的事项", "matter only the members' meeting may decide"),
           ("collective_members_meeting",), "major",
           Text("《农村集体经济组织法》第二十八条：成员代表大会不得决定章程、成员身份、承包方案、宅基地和股份方案、征地补偿、合并分立",
                "Rural Collective Economic Organisation Law art. 28: the representatives may not decide the charter, "
                "membership, contracting, homestead or share plans, land compensation, or mergers"),
           Text("土地征收补偿费的分配、成员身份确认", "sharing out land compensation, confirming membership")),
)

MATTER_TABLE: Mapping[str, Matter] = MappingProxyType({m.id: m for m in _MATTER_LIST})

# What the old labels meant, for a clear error when an old scenario uses them.
LEGACY = {"ordinary": "owners_ordinary / residents_important / village_affairs / agreement",
          "major": "owners_major / village_land / collective_major / collective_reserved"}


def wrong_body(matter: str, body: str) -> BilingualError | None:
    """The error for a body the law does not let decide ``matter``; None when it may."""
    m = MATTER_TABLE[matter]
    if m.allows(body):
        return None
    b = BODIES[body]
    return BilingualError(
        f"{m.name.zh}（{matter}）依法须由{m.required_bodies('zh')}决定，不能由{b.name.zh}决定。依据：{m.law.zh}",
        f"this matter ({m.name.en}, {matter}) must be decided by the {m.required_bodies('en')}, not the {b.name.en}. Law: {m.law.en}",
    )
