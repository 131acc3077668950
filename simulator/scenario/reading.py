"""Reading YAML safely: duplicate keys, self-referring anchors, anchors that expand without
bound, deep nesting, huge numbers and huge files are errors, each with its line.

Scalars are read as YAML 1.2 reads them: ``20:00`` and ``0700`` stay text (YAML 1.1 made them
1200 and 448), ``yes``/``no``/``on``/``off`` stay text (only ``true``/``false`` are booleans),
and ``1e-3`` is a number.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from pydantic import ValidationError

from .errors import ScenarioError, error, explained, located

MAX_BYTES = 5 * 1024 * 1024  # a scenario or a design is a few kB
MAX_NODES = 100_000  # a scenario is far smaller; anchors must not expand into more
MAX_DEPTH = 100  # a scenario nests about 7 deep
MAX_DIGITS = 100  # an integer written with more digits is not a count of anything

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 4x faster

_RESOLVERS = {
    "tag:yaml.org,2002:bool": (r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    "tag:yaml.org,2002:int": (r"^(?:[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?0b[01_]+)$", "-+0123456789"),
    "tag:yaml.org,2002:float": (r"^(?:[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?"
                                r"|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+0123456789."),
}


class _Loader(_Base):
    """The safe loader with YAML 1.2's booleans and numbers (no sexagesimal, octal, yes/no or dates)."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (*_RESOLVERS, "tag:yaml.org,2002:timestamp")]
        for first, resolvers in _Base.yaml_implicit_resolvers.items()
    }


for _tag, (_pattern, _first) in _RESOLVERS.items():
    _Loader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))

# Full-width punctuation that a Chinese keyboard types in place of YAML's own.
_FULL_WIDTH = {
    "：": ("冒号", "colon", ":"), "，": ("逗号", "comma", ","), "　": ("空格", "space", " "),
    "“": ("引号", "quote", '"'), "”": ("引号", "quote", '"'), "‘": ("引号", "quote", "'"), "’": ("引号", "quote", "'"),
    "【": ("方括号", "bracket", "["), "】": ("方括号", "bracket", "]"), "［": ("方括号", "bracket", "["), "］": ("方括号", "bracket", "]"),
    "｛": ("花括号", "brace", "{"), "｝": ("花括号", "brace", "}"), "－": ("减号", "dash", "-"),
}


def _compose(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """Data and node tree of YAML text, checked; raises yaml.YAMLError for bad syntax."""
    loader = _Loader(text)
    try:
        try:
            root = loader.get_single_node()
        except RecursionError:  # the pure-Python parser, where libyaml is missing
            raise error(source, None, "", f"嵌套层数过多（超过 {MAX_DEPTH} 层）", f"nested more than {MAX_DEPTH} levels deep") from None
        _check_nodes(root, source)
        return (loader.construct_document(root) if root is not None else None), root
    finally:
        loader.dispose()


def parse_yaml(text: str, *, source: str = "") -> tuple[Any, yaml.Node | None]:
    """Parse YAML text into data and its node tree; duplicate keys are errors."""
    try:
        data, root = _compose(text, source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if "nesting depth" in str(exc.problem):
            raise error(source, line, "", f"嵌套层数过多（超过 {MAX_DEPTH} 层）", f"nested more than {MAX_DEPTH} levels deep") from None
        hint = _full_width(text, mark.line if mark else None, source)
        if hint is not None:
            raise hint from None
        raise error(
            source, line, "",
            f"YAML 格式错误，请检查缩进、冒号、引号和括号（解析器提示：{exc.problem}）",
            f"invalid YAML; check indentation, colons, quotes and brackets ({exc.problem})",
        ) from None
    except yaml.YAMLError as exc:
        raise error(source, None, "", f"YAML 格式错误：{exc}", f"invalid YAML: {exc}") from None
    if data is None:
        raise error(source, None, "", "文件为空", "the file is empty")
    return data, root


def parse_value(text: str, *, source: str = "") -> Any:
    """A ``--set`` value: YAML with a file's limits, or the text itself if it is not YAML."""
    try:
        return _compose(text, source)[0]
    except ScenarioError as exc:  # a limit: the value has no lines to point at
        raise error(source, None, "", *exc.what) from None
    except yaml.MarkedYAMLError as exc:
        if "nesting depth" in str(exc.problem):
            raise error(source, None, "", f"嵌套层数过多（超过 {MAX_DEPTH} 层）", f"nested more than {MAX_DEPTH} levels deep") from None
        return text
    except yaml.YAMLError:
        return text


def _full_width(text: str, at: int | None, source: str):
    """An error naming full-width punctuation on the line of a YAML error (or the line before)."""
    if at is None:
        return None
    lines = text.splitlines()
    for i in (at, at - 1):
        if 0 <= i < len(lines):
            found = next((c for c in lines[i] if c in _FULL_WIDTH), None)
            if found is not None:
                zh, en, half = _FULL_WIDTH[found]
                return error(source, i + 1, "", f"这一行有中文全角{zh}“{found}”，YAML 需要半角{zh}“{half}”",
                             f"this line has a full-width {en} “{found}”; YAML needs the half-width {en} “{half}”")
    return None


def _check_nodes(root: yaml.Node | None, source: str) -> None:
    """Keys are plain and unique; anchors neither refer to themselves nor expand without bound;
    nesting and integers stay within limits."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        line = node.start_mark.line + 1
        if id(node) in open_:
            raise error(source, line, "", "锚点（&）引用了自身", "an anchor (&) refers to itself")
        if depth > MAX_DEPTH:
            raise error(source, line, "", f"嵌套层数过多（超过 {MAX_DEPTH} 层）", f"nested more than {MAX_DEPTH} levels deep")
        open_.add(id(node))
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise error(source, key.start_mark.line + 1, "", "字段名应为普通文字", "keys must be plain text")
                if key.value in seen:
                    raise error(source, key.start_mark.line + 1, str(key.value), "字段重复出现", "the key appears twice")
                seen.add(key.value)
                total += size(value, depth + 1)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        elif node.tag == "tag:yaml.org,2002:int" and len(node.value) > MAX_DIGITS:
            raise error(source, line, "", f"数字位数过多（{len(node.value)} 位，至多 {MAX_DIGITS} 位）",
                        f"a number with too many digits ({len(node.value)}, at most {MAX_DIGITS})")
        if total > MAX_NODES:
            raise error(source, line, "", f"内容展开后过大（超过 {MAX_NODES} 项）", f"the content expands to more than {MAX_NODES} items")
        open_.discard(id(node))
        sizes[id(node)] = total
        return total

    if root is not None:
        size(root, 0)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def control_at(data: Any, at: tuple = ()) -> tuple | None:
    """The field path of the first text (or key) holding a control character, if any."""
    if isinstance(data, str):
        return at if _CONTROL.search(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            found = (*at, key) if isinstance(key, str) and _CONTROL.search(key) else control_at(value, (*at, key))
            if found is not None:
                return found
    if isinstance(data, list):
        for i, value in enumerate(data):
            found = control_at(value, (*at, i))
            if found is not None:
                return found
    return None


CONTROL_TEXT = ("文字中有控制字符（如 \\x1b、\\x00），请删除", "a text holds a control character (such as \\x1b or \\x00); remove it")


def read(path: str | Path) -> tuple[Any, yaml.Node | None]:
    """Read a scenario file into plain data and its YAML node tree."""
    path = Path(path)
    source = path.name
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)  # read no more than the cap, even from a device or a growing file
    except FileNotFoundError:
        raise error(str(path), None, "", "找不到文件", "file not found") from None
    except IsADirectoryError:
        raise error(str(path), None, "", "这是一个文件夹，应为 YAML 文件", "this is a folder, expected a YAML file") from None
    except PermissionError:
        raise error(str(path), None, "", "没有读取权限", "no permission to read it") from None
    except (OSError, ValueError) as exc:  # e.g. a name with a NUL character, or a name too long
        raise error(str(path), None, "", f"无法打开文件（{exc}）", f"cannot open the file ({exc})") from None
    if len(raw) > MAX_BYTES:
        try:
            size = max(path.stat().st_size, len(raw))
        except OSError:
            size = len(raw)
        size = f"{size / 1024 / 1024:.1f} MB" if size > len(raw) else f"> {MAX_BYTES // 1024 // 1024} MB"
        cap = f"{MAX_BYTES // 1024 // 1024} MB"
        raise error(source, None, "", f"文件过大（{size}，上限 {cap}）；情景与设计文件通常只有几 KB",
                    f"the file is too large ({size}, the limit is {cap}); scenario and design files are a few kB")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise error(source, None, "", "文件应为 UTF-8 编码", "the file must be UTF-8 encoded") from None
    return parse_yaml(text, source=source)


def validated(model, data: Any, *, source: str = "", root: yaml.Node | None = None, kind: type = ScenarioError):
    """Validate plain data read from a file as ``model`` (a scenario, a catalogue, a series), or raise a
    ``kind`` of :class:`ScenarioError` located at the field (``root``: the file's YAML nodes, for line numbers)."""
    if not isinstance(data, dict):
        raise error(source, 1 if root is not None else None, "", "文件内容应为键值映射（YAML mapping）", "the file must hold a mapping", kind)
    bad = control_at(data)
    if bad is not None:
        raise located(source, root, bad, *CONTROL_TEXT, kind)
    try:
        return model.model_validate(data, strict=True)  # true is not 1, "3" is not 3
    except ValidationError as exc:
        raise located(source, root, *explained(exc), kind) from None
