"""Bilingual text: Chinese first, English available.

Everything a trainer or community worker reads goes through here or through a
scenario's own ``{zh, en}`` texts.
"""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise a bilingual ``ValueError``."""
    if lang not in LANGS:
        raise BilingualError(
            f"不支持的语言：{lang!r}，应为 zh 或 en。",
            f"unsupported language {lang!r}; expected zh or en.",
        )
    return lang


class BilingualError(ValueError):
    """A ``ValueError`` that carries its message in Chinese and English."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh}\n{en}")

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """The message in one language."""
        return self.en if lang == "en" else self.zh


# Names of the scenario's fixed choices, as a trainer reads them.
TERMS = {
    "offline": ("线下", "offline"),
    "online": ("线上", "online"),
    "hybrid": ("线上线下结合", "hybrid"),
    "all_affected": ("全体受影响住户", "every affected household"),
    "open_call": ("公开报名（自愿参加）", "open call (self-selection)"),
    "committee_invitation": ("两委邀请", "invitation by the committee"),
    "stratified_random": ("分层随机抽选", "stratified random selection"),
    "quota": ("按楼栋（小组）定额", "quota per building or group"),
    "unanimity": ("全体一致", "unanimity"),
    "no_strong_objection": ("无强烈反对", "no strong objection"),
    "supermajority": ("特别多数", "supermajority"),
    "home_visits": ("入户走访", "home visits"),
    "expert_assessment": ("专家论证", "expert assessment"),
    "revised_proposal": ("修改方案", "revised proposal"),
    "township_mediation": ("乡镇（街道）调解", "township mediation"),
    "forum": ("座谈会", "forum"),
    "deputies_reception": ("“两代表一委员”接访", "deputies' reception"),
    "wechat": ("微信群", "WeChat group"),
    "notice_board": ("公开栏", "notice board"),
    "official_account": ("公众号", "official account"),
    "two_committees": ("村（社区）“两委”", "the two committees"),
    "township": ("乡镇（街道）", "township (sub-district)"),
    "after_max_rounds": ("用满轮次后提交表决", "escalate after the last round"),
    "large_dispute": ("争议较大即提交表决", "escalate on a large dispute"),
    "never": ("不提交表决", "never escalate"),
}


def pick(pair: tuple[str, str], lang: str = DEFAULT_LANG) -> str:
    """The Chinese or the English half of a ``(zh, en)`` pair."""
    return pair[1 if check_lang(lang) == "en" else 0]


def term(value: str, lang: str = DEFAULT_LANG) -> str:
    """A fixed choice's name in ``lang`` (the value itself if unknown)."""
    pair = TERMS.get(value)
    return value if pair is None else pick(pair, lang)


def listing(items, lang: str = DEFAULT_LANG) -> str:
    """Items joined for reading: '甲、乙' / 'a, b'."""
    return pick(("、", ", "), lang).join(items)


def terms(values, lang: str = DEFAULT_LANG) -> str:
    """Several choices, joined for reading; '无' / 'none' when empty."""
    values = list(values)
    if not values:
        return pick(("无", "none"), lang)
    return listing((term(v, lang) for v in values), lang)
