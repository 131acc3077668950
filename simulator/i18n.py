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
