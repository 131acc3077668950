"""Scenario errors: what is wrong, where (the file, the line or the field path), in Chinese and English."""

from __future__ import annotations

import difflib

import yaml
from pydantic import ValidationError

from ..i18n import BilingualError

# What each pydantic error type expected, in both languages.
_EXPECTED = {
    "missing": ("必填字段缺失", "a required field"),
    "extra_forbidden": ("未知字段（请检查拼写）", "no such field (check the spelling)"),
    "int_type": ("整数", "an integer"),
    "int_parsing": ("整数", "an integer"),
    "int_from_float": ("整数（不能带小数）", "a whole number"),
    "float_type": ("数字", "a number"),
    "float_parsing": ("数字", "a number"),
    "finite_number": ("有限数字", "a finite number"),
    "bool_type": ("true 或 false", "true or false"),
    "bool_parsing": ("true 或 false", "true or false"),
    "string_type": ("文字", "a text"),
    "dict_type": ("键值映射", "a mapping"),
    "list_type": ("列表", "a list"),
    "model_type": ("键值映射", "a mapping"),
    "model_attributes_type": ("键值映射", "a mapping"),
    "too_short": ("至少 {min_length} 项", "at least {min_length} item(s)"),
    "too_long": ("至多 {max_length} 项", "at most {max_length} item(s)"),
    "string_too_short": ("非空文字", "a non-empty text"),
    "string_pattern_mismatch": ("小写字母开头的 id（只含 a-z、0-9、_）", "an id of lower-case letters, digits and _"),
    "greater_than": ("大于 {gt} 的数", "a number greater than {gt}"),
    "greater_than_equal": ("不小于 {ge} 的数", "a number >= {ge}"),
    "less_than": ("小于 {lt} 的数", "a number less than {lt}"),
    "less_than_equal": ("不大于 {le} 的数", "a number <= {le}"),
    "literal_error": ("以下之一：{expected}", "one of: {expected}"),
    "enum": ("以下之一：{expected}", "one of: {expected}"),
}


class ScenarioError(BilingualError):
    """A scenario that cannot be used, explained for a person."""

    def __init__(self, zh: str, en: str, *, source: str = "", line: int | None = None, path: str = "", what: tuple[str, str] = ("", "")):
        self.source, self.line, self.path = source, line, path
        self.what = what  # the problem alone, without where it is: (zh, en)
        super().__init__(zh, en)


def _where(source: str, line: int | None, path: str) -> tuple[str, str]:
    zh, en = [source] if source else [], [source] if source else []
    if line is not None:
        zh.append(f"第 {line} 行")
        en.append(f"line {line}")
    if path:
        zh.append(f"字段 {path}")
        en.append(f"field {path}")
    return "，".join(zh), ", ".join(en)


def error(source: str, line: int | None, path: str, zh: str, en: str, kind: type = ScenarioError) -> ScenarioError:
    """An error at a place of a file, in both languages."""
    wzh, wen = _where(source, line, path)
    return kind(
        f"{wzh}：{zh}" if wzh else zh,
        f"{wen}: {en}" if wen else en,
        source=source,
        line=line,
        path=path,
        what=(zh, en),
    )


def _dotted(loc: tuple) -> str:
    return ".".join(str(p) for p in loc)


def node_at(node: yaml.Node | None, loc: tuple) -> yaml.Node | None:
    """The YAML node at ``loc``; its parent if only the last key is missing; else None."""
    for depth, key in enumerate(loc):
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == str(key)), None)
            if child is None:
                return node if depth == len(loc) - 1 else None
            node = child
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return node
    return node


def _explain(err: dict) -> tuple[str, str]:
    """What was expected, and what was found, for one pydantic error."""
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "scenario":
        return ctx["zh"], ctx["en"]
    zh, en = _EXPECTED.get(kind, ("合法取值", "a valid value"))
    ctx_zh = {k: str(v).replace(" or ", ", ") for k, v in ctx.items()}
    try:
        zh, en = zh.format(**ctx_zh), en.format(**ctx)
    except (KeyError, IndexError):
        pass
    if kind in ("missing", "extra_forbidden"):
        return zh, en
    got = err.get("input")
    shown = repr(got) if not isinstance(got, (dict, list)) else type(got).__name__
    return f"应为{zh}，实际为 {shown}", f"expected {en}, got {shown}"


def explained(exc: ValidationError) -> tuple[tuple, str, str]:
    """The problem to report from a pydantic error: where (a field path) and what was expected.

    A misspelt key comes before the field it leaves missing, with a suggestion.
    """
    errors = exc.errors(include_url=False)
    err = min(errors, key=lambda e: e["type"] != "extra_forbidden")
    loc = tuple(err["loc"]) + tuple((err.get("ctx") or {}).get("at", ()))
    zh, en = _explain(err)
    if err["type"] == "extra_forbidden":
        missing = [str(e["loc"][-1]) for e in errors if e["type"] == "missing" and tuple(e["loc"][:-1]) == loc[:-1]]
        close = difflib.get_close_matches(str(loc[-1]), missing, n=1)
        if close:
            zh, en = f"{zh}；是不是 {close[0]}？", f"{en}; did you mean {close[0]}?"
    more = len(errors) - 1
    if more:
        zh += f"（另有 {more} 处问题）"
        en += f" ({more} more problem(s))"
    return loc, zh, en


def located(source: str, root: yaml.Node | None, loc: tuple, zh: str, en: str, kind: type = ScenarioError) -> ScenarioError:
    """An error at field path ``loc`` of a file, with its line when the YAML node tree is known."""
    node = node_at(root, loc) if root is not None else None
    line = node.start_mark.line + 1 if node is not None else None
    return error(source, line, _dotted(loc), zh, en, kind)
