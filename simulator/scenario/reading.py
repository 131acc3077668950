"""Reading YAML safely: duplicate keys, self-referring anchors and anchors that expand
without bound are errors, each with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import error

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 4x faster


def parse_yaml(text: str, *, source: str = "") -> tuple[Any, yaml.Node | None]:
    """Parse YAML text into data and its node tree; duplicate keys are errors."""
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            _check_nodes(root, source)
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
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


MAX_NODES = 100_000  # a scenario is far smaller; anchors must not expand into more


def _check_nodes(root: yaml.Node | None, source: str) -> None:
    """Keys are plain and unique; anchors neither refer to themselves nor expand without bound."""
    sizes: dict[int, int] = {}
    open_: set[int] = set()

    def size(node: yaml.Node) -> int:
        if id(node) in sizes:
            return sizes[id(node)]
        line = node.start_mark.line + 1
        if id(node) in open_:
            raise error(source, line, "", "锚点（&）引用了自身", "an anchor (&) refers to itself")
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
                total += size(value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        if total > MAX_NODES:
            raise error(source, line, "", f"内容展开后过大（超过 {MAX_NODES} 项）", f"the content expands to more than {MAX_NODES} items")
        open_.discard(id(node))
        sizes[id(node)] = total
        return total

    if root is not None:
        size(root)


def read(path: str | Path) -> tuple[Any, yaml.Node | None]:
    """Read a scenario file into plain data and its YAML node tree."""
    path = Path(path)
    source = path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise error(str(path), None, "", "找不到文件", "file not found") from None
    except IsADirectoryError:
        raise error(str(path), None, "", "这是一个文件夹，应为 YAML 文件", "this is a folder, expected a YAML file") from None
    except UnicodeDecodeError:
        raise error(source, None, "", "文件应为 UTF-8 编码", "the file must be UTF-8 encoded") from None
    return parse_yaml(text, source=source)
