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


def test_text_refuses_an_unknown_language_with_a_bilingual_error():
    text = i18n.Text("共 {n} 户", "{n} households")
    for lang in ("fr", "ZH", "", "zh-CN"):
        with pytest.raises(i18n.BilingualError) as err:
            text(lang)
        assert isinstance(err.value, ValueError)
        assert f"不支持的语言：{lang!r}" in err.value.zh and f"unsupported language {lang!r}" in err.value.en
        with pytest.raises(i18n.BilingualError):
            text(lang, n=3)


def test_text_fills_placeholders_in_both_languages():
    text = i18n.Text("共 {n} 户，{who}", "{n} households, {who}")
    assert text("zh", n=3, who="业主") == "共 3 户，业主"
    assert text("en", n=3, who="owners") == "3 households, owners"
    assert text(n=4, who="居民") == "共 4 户，居民"  # Chinese by default
    assert text.format(n=5, who="x") == i18n.Text("共 5 户，x", "5 households, x")
    assert text("en") == "{n} households, {who}"  # without values, the text as written
    with pytest.raises(KeyError):
        text("en", n=3)  # a placeholder left unfilled is an error, not a silent gap


def test_body_names_are_bilingual_texts():
    from simulator.law import BODIES

    assert BODIES
    for body in BODIES.values():
        assert isinstance(body.name, i18n.Text), body.id
        assert body.name("zh") == body.name.zh and body.name("en") == body.name.en != body.name.zh
    assert BODIES["villagers_meeting"].name("en") == "villagers' meeting"
