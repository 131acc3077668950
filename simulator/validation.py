"""Reading scenario files, and saying clearly what is wrong with them.

Every problem becomes a :class:`ScenarioError` that names the file, the line or
the field path, and what was expected, in Chinese and English.
"""

from __future__ import annotations

import difflib
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .i18n import BilingualError
from .scenario import Scenario

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


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 4x faster


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


def _error(source: str, line: int | None, path: str, zh: str, en: str, kind: type = ScenarioError) -> ScenarioError:
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


def _node_at(node: yaml.Node | None, loc: tuple) -> yaml.Node | None:
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


def from_data(data: Any, *, source: str = "", root: yaml.Node | None = None) -> Scenario:
    """Validate plain data as a :class:`Scenario`, or raise :class:`ScenarioError`."""
    if not isinstance(data, dict):
        raise _error(source, 1 if root is not None else None, "", "文件内容应为键值映射（YAML mapping）", "the file must hold a mapping")
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise located(source, root, *explained(exc)) from None


def explained(exc: ValidationError) -> tuple[tuple, str, str]:
    """The problem to report from a pydantic error: where (a field path) and what was expected.

    A misspelt key comes before the field it leaves missing, with a suggestion.
    """
    errors = exc.errors(include_url=False)
    err = min(errors, key=lambda e: e["type"] != "extra_forbidden")
    loc = tuple(err["loc"])
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
    node = _node_at(root, loc) if root is not None else None
    line = node.start_mark.line + 1 if node is not None else None
    return _error(source, line, _dotted(loc), zh, en, kind)


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
        raise _error(
            source, line, "",
            f"YAML 格式错误，请检查缩进、冒号、引号和括号（解析器提示：{exc.problem}）",
            f"invalid YAML; check indentation, colons, quotes and brackets ({exc.problem})",
        ) from None
    except yaml.YAMLError as exc:
        raise _error(source, None, "", f"YAML 格式错误：{exc}", f"invalid YAML: {exc}") from None
    if data is None:
        raise _error(source, None, "", "文件为空", "the file is empty")
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
            raise _error(source, line, "", "锚点（&）引用了自身", "an anchor (&) refers to itself")
        open_.add(id(node))
        total = 1
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise _error(source, key.start_mark.line + 1, "", "字段名应为普通文字", "keys must be plain text")
                if key.value in seen:
                    raise _error(source, key.start_mark.line + 1, str(key.value), "字段重复出现", "the key appears twice")
                seen.add(key.value)
                total += size(value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        if total > MAX_NODES:
            raise _error(source, line, "", f"内容展开后过大（超过 {MAX_NODES} 项）", f"the content expands to more than {MAX_NODES} items")
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
        raise _error(str(path), None, "", "找不到文件", "file not found") from None
    except IsADirectoryError:
        raise _error(str(path), None, "", "这是一个文件夹，应为 YAML 文件", "this is a folder, expected a YAML file") from None
    except UnicodeDecodeError:
        raise _error(source, None, "", "文件应为 UTF-8 编码", "the file must be UTF-8 encoded") from None
    return parse_yaml(text, source=source)


def load(path: str | Path, overrides: list[str] | tuple[str, ...] = ()) -> Scenario:
    """Load and validate a scenario file, applying ``--set path=value`` overrides."""
    data, root = read(path)
    return with_overrides(data, overrides, source=Path(path).name, root=root)


def with_overrides(data: Any, overrides: list[str] | tuple[str, ...] = (), *, source: str = "", root: yaml.Node | None = None) -> Scenario:
    """Validate ``data`` with ``path=value`` overrides applied; an error names the file or the --set to blame."""
    if not overrides or not isinstance(data, dict):
        return from_data(data, source=source, root=root)
    states = [data]
    for item in overrides:
        states.append(apply_override(states[-1], item))
    try:
        return from_data(states[-1], source=source, root=root)
    except ScenarioError as exc:
        final = exc
    # Blame the file if it fails this way on its own, else the first --set after which it does.
    for item, state in zip([None, *overrides], states):
        try:
            from_data(state, source=source, root=root)
        except ScenarioError as exc:
            if exc.path == final.path:
                if item is None:
                    raise final from None
                raise _error(f"--set {item}", None, final.path, *final.what) from None
    raise final from None


def apply_override(data: dict, item: str) -> dict:
    """Return a copy of ``data`` with one ``path=value`` override applied.

    List items may be addressed by position or by their ``id``:
    ``population.groups.car_owner.share=0.4``.
    """
    source = f"--set {item}"
    if "=" not in item:
        raise _error(source, None, "", "应写成 路径=值，例如 procedure.rounds.max=5", "expected path=value, e.g. procedure.rounds.max=5")
    path, raw = (s.strip() for s in item.split("=", 1))
    keys = [k for k in path.split(".")]
    if not path or any(not k for k in keys):
        raise _error(source, None, path, "路径不完整", "incomplete path")
    try:
        value = yaml.safe_load(raw) if raw else ""
    except yaml.YAMLError:
        value = raw
    data = _copy(data)
    node: Any = data
    model: Any = Scenario
    done: list[str] = []
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(node, dict):
            fields = _fields(model)
            if fields is not None and key not in fields:
                raise _error(
                    source, None, ".".join([*done, key]),
                    f"未知字段，可用字段：{', '.join(fields)}",
                    f"no such field; expected one of: {', '.join(fields)}",
                )
            sub = _submodel(model, key)
            if last:
                node[key] = value
            else:
                if not isinstance(node.get(key), (dict, list)):
                    node[key] = {}
                node, model = node[key], sub
        elif isinstance(node, list):
            index = _index(node, key)
            if index is None:
                ids = [str(x.get("id")) for x in node if isinstance(x, dict)]
                raise _error(
                    source, None, ".".join([*done, key]),
                    f"没有这一项，可用序号 0–{len(node) - 1} 或 id：{', '.join(ids)}",
                    f"no such item; use an index 0-{len(node) - 1} or an id: {', '.join(ids)}",
                )
            if last:
                node[index] = value
            else:
                node, model = node[index], model
        else:
            raise _error(source, None, ".".join(done), "这里不能再往下设置", "cannot set below this field")
        done.append(key)
    return data


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


def _index(items: list, key: str) -> int | None:
    if key.isascii() and key.isdigit():
        return int(key) if int(key) < len(items) else None
    return next((i for i, x in enumerate(items) if isinstance(x, dict) and x.get("id") == key), None)


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as ``list[Group]`` or ``Text | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _fields(model: Any) -> list[str] | None:
    return list(model.model_fields) if isinstance(model, type) and issubclass(model, BaseModel) else None


def _submodel(model: Any, key: str) -> Any:
    if _fields(model) is None:
        return None
    return _model_of(model.model_fields[key].annotation)


# -- finding scenario files --------------------------------------------------------------


def scenarios_dir() -> Path:
    """The folder of shipped scenarios."""
    return Path(str(resources.files("simulator.scenarios")))


def shipped() -> dict[str, Path]:
    """Shipped scenario ids and their files."""
    return {p.stem: p for p in sorted(scenarios_dir().glob("*.yaml"))}


def resolve(name: str | Path) -> Path:
    """A scenario file from a path or a shipped scenario's id (``parking``)."""
    path = Path(name)
    if path.is_file():
        return path
    scenarios = shipped()
    found = scenarios.get(str(name))
    if found is None:
        names = ", ".join(scenarios)
        raise ScenarioError(
            f"{name}：找不到这个文件或内置情景（内置情景：{names}）",
            f"{name}: no such file or shipped scenario (shipped: {names})",
            source=str(name),
        )
    return found
