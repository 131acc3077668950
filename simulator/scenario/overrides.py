"""``--set path=value`` overrides: one field of a scenario changed for one run."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .errors import error
from .reading import parse_value
from .schema import Scenario


def apply_override(data: dict, item: str) -> dict:
    """Return a copy of ``data`` with one ``path=value`` override applied.

    List items may be addressed by position or by their ``id``:
    ``population.groups.car_owner.share=0.4``.
    """
    source = named(item)
    if "=" not in item:
        raise error(source, None, "", "应写成 路径=值，例如 procedure.rounds.max=5", "expected path=value, e.g. procedure.rounds.max=5")
    path, raw = (s.strip() for s in item.split("=", 1))
    keys = [k for k in path.split(".")]
    if not path or any(not k for k in keys):
        raise error(source, None, path, "路径不完整", "incomplete path")
    value = parse_value(raw, source=source) if raw else ""
    data = _copy(data)
    node: Any = data
    model: Any = Scenario
    done: list[str] = []
    for i, key in enumerate(keys):
        last = i == len(keys) - 1
        if isinstance(node, dict):
            fields = _fields(model)
            if fields is not None and key not in fields:
                raise error(
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
                raise error(
                    source, None, ".".join([*done, key]),
                    f"没有这一项，可用序号 0–{len(node) - 1} 或 id：{', '.join(ids)}",
                    f"no such item; use an index 0-{len(node) - 1} or an id: {', '.join(ids)}",
                )
            if last:
                node[index] = value
            else:
                node, model = node[index], model
        else:
            raise error(source, None, ".".join(done), "这里不能再往下设置", "cannot set below this field")
        done.append(key)
    return data


def named(item: str) -> str:
    """How an error names a ``--set``: in full, or its first 80 characters."""
    return f"--set {item if len(item) <= 80 else item[:79] + '…'}"


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
