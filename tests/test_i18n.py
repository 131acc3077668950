"""Every fixed choice a trainer reads has a Chinese and an English name."""

from __future__ import annotations

import pytest

from simulator import i18n
from simulator.scenario import base as scenario


@pytest.mark.parametrize(
    "choices",
    [scenario.SELECTION_RULES, scenario.FORMS, scenario.ACTIONS, scenario.CONSENSUS_RULES, scenario.ESCALATION,
     scenario.CHANNELS, ("two_committees", "township")],
)
def test_every_choice_is_named_in_both_languages(choices):
    for value in choices:
        zh, en = i18n.term(value), i18n.term(value, "en")
        assert zh != value and any("\u4e00" <= c <= "\u9fff" for c in zh), value
        assert en.isascii() and en, value


def test_terms_join_and_empty():
    assert i18n.terms(["wechat", "notice_board"]) == "微信群、公开栏"
    assert i18n.terms([], "en") == "none" and i18n.terms([]) == "无"


def test_bilingual_error_and_language_check():
    err = i18n.BilingualError("中文", "English")
    assert isinstance(err, ValueError) and err.message() == "中文" and err.message("en") == "English"
    assert i18n.check_lang("en") == "en"
    with pytest.raises(ValueError, match="zh or en"):
        i18n.check_lang("fr")
