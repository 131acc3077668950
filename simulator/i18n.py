"""Bilingual text: Chinese first, English available.

Every word a trainer or community worker reads is a :class:`Text`, a ``(zh, en)`` pair
called with the language: ``Text("提交表决", "escalated")("en")``. Messages with
placeholders take their values in the call: ``MESSAGE(lang, n=3)``. An unknown language
code is an error, wherever it is asked for.
"""

from __future__ import annotations

from typing import NamedTuple

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


class Text(NamedTuple):
    """A text in Chinese and English; call it with the language (and any ``{placeholders}``)."""

    zh: str
    en: str

    def __call__(self, lang: str = DEFAULT_LANG, /, **values) -> str:
        text = self.en if check_lang(lang) == "en" else self.zh
        return text.format(**values) if values else text

    def format(self, **values) -> Text:
        """Both languages with ``{placeholders}`` filled in."""
        return Text(self.zh.format(**values), self.en.format(**values))


def texts(table: dict[str, tuple[str, str]]) -> dict[str, Text]:
    """A table of ``key: (zh, en)`` pairs as :class:`Text` values."""
    return {key: Text(*pair) for key, pair in table.items()}


class BilingualError(ValueError):
    """A ``ValueError`` that carries its message in Chinese and English."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh}\n{en}")

    @property
    def text(self) -> Text:
        return Text(self.zh, self.en)

    def message(self, lang: str = DEFAULT_LANG) -> str:
        """The message in one language."""
        return self.text(lang)


# Names of the scenario's fixed choices, as a trainer reads them.
TERMS = texts({
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
    "micro_consultation": ("微协商（楼栋、单元或群体，第九条）", "micro-consultation (a building, stairwell or group; Art. 9)"),
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
    "social_worker": ("社会工作者", "a social worker"),
    "purchased_service": ("政府购买服务", "a government-purchased service"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "none": ("无", "none"),
})


def term(value: str, lang: str = DEFAULT_LANG) -> str:
    """A fixed choice's name in ``lang`` (the value itself if unknown)."""
    found = TERMS.get(value)
    return check_lang(lang) and value if found is None else found(lang)


def yes_no(flag: bool, lang: str = DEFAULT_LANG) -> str:
    """'是' / 'yes' or '否' / 'no'."""
    return TERMS["yes" if flag else "no"](lang)


def listing(items, lang: str = DEFAULT_LANG) -> str:
    """Items joined for reading: '甲、乙' / 'a, b'."""
    return Text("、", ", ")(lang).join(items)


def terms(values, lang: str = DEFAULT_LANG) -> str:
    """Several choices, joined for reading; '无' / 'none' when empty."""
    values = list(values)
    if not values:
        return TERMS["none"](lang)
    return listing((term(v, lang) for v in values), lang)
