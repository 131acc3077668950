"""Practice sessions as files: JSON with the scenario (its name and full validated data), the seed and
every choice. Reopening replays the choices; a bad file gets a bilingual error naming the file and
the field, and nothing else."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..files import write_text
from ..i18n import LANGS, BilingualError
from ..scenario import ScenarioError, from_data
from ..scenario.errors import explained
from .points import KINDS, MAX_ROUNDS
from .text import ERRORS

FORMAT = "xieshang-practice/1"
MAX_BYTES = 2 * 1024 * 1024  # a session is a few kB


class SessionFileError(BilingualError):
    """A session file that cannot be opened: ``source`` is the file, ``path`` the field."""

    def __init__(self, zh: str, en: str, *, source: str = "", path: str = ""):
        self.source, self.path = source, path
        super().__init__(zh, en)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class _Scenario(_Data):
    name: str = Field(min_length=1, max_length=300)
    data: dict[str, Any]


class _Choice(_Data):
    point: Literal[KINDS[:-1]]  # type: ignore[valid-type]
    round: int = Field(ge=0, le=MAX_ROUNDS)
    values: dict[str, Any]


class _File(_Data):
    format: str
    scenario: _Scenario
    seed: int = Field(ge=0, le=2**63 - 1)
    lang: Literal[LANGS]  # type: ignore[valid-type]
    trainee: str = Field(max_length=200)
    choices: list[_Choice] = Field(max_length=200)
    created: str = Field(max_length=64)


def dumps_data(spec) -> str:
    """A scenario's full validated data, as canonical JSON (the session's key to its scenario)."""
    return json.dumps(spec.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


def dumps(session) -> str:
    """The session as JSON text."""
    return json.dumps({
        "format": FORMAT,
        "scenario": {"name": session.name, "data": json.loads(session.data_json)},
        "seed": session.seed,
        "lang": session.lang,
        "trainee": session.trainee,
        "choices": session.choices,
        "created": session.created,
    }, ensure_ascii=False, indent=1)


def save(session, path: Path) -> Path:
    write_text(path, dumps(session) + "\n")
    return path


def _fail(file: str, path: str, zh: str, en: str) -> SessionFileError:
    """An error naming the file and, where known, the field."""
    key = "field" if path else "file"
    return SessionFileError(ERRORS[key].zh.format(file=file, path=path, what=zh), ERRORS[key].en.format(file=file, path=path, what=en),
                            source=file, path=path)


def read(path: Path) -> _File:
    """The file's data, checked field by field."""
    file = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _fail(file, "", f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB）", f"the file is too large (over {MAX_BYTES // 1024 // 1024} MB)")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _fail(file, "", *ERRORS["encoding"].format()) from None
    except OSError as exc:
        raise _fail(file, "", *ERRORS["read"].format(why=exc.strerror or type(exc).__name__)) from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _fail(file, "", *ERRORS["json"].format(line=exc.lineno, col=exc.colno, why=exc.msg)) from None
    except RecursionError:
        raise _fail(file, "", "嵌套层数过多", "nested too deeply") from None
    if isinstance(raw, dict) and raw.get("format") != FORMAT:
        raise _fail(file, "format", *ERRORS["format"].format(expected=FORMAT))
    try:
        return _File.model_validate(raw)
    except ValidationError as exc:
        loc, zh, en = explained(exc)
        raise _fail(file, ".".join(map(str, loc)), zh, en) from None


def open_session(cls, path: Path):
    """Reopen the session saved at ``path``, replaying its choices one by one."""
    file = path.name
    data = read(path)
    try:
        spec = from_data(data.scenario.data, source=file)
    except ScenarioError as exc:
        raise _fail(file, f"scenario.data.{exc.path}" if exc.path else "scenario.data", *exc.what) from None
    except RecursionError:
        raise _fail(file, "scenario.data", "嵌套层数过多", "nested too deeply") from None
    session = cls(data.scenario.name, dumps_data(spec), data.seed, data.lang, data.trainee, data.created)
    for i, choice in enumerate(data.choices):
        now = session.point
        if choice.point != now.kind:
            raise _fail(file, f"choices.{i}.point", *ERRORS["not_now"].format(now=now.kind, point=choice.point))
        if choice.round != now.round:
            raise _fail(file, f"choices.{i}.round", f"应为 {now.round}，实际为 {choice.round}", f"expected {now.round}, got {choice.round}")
        try:
            session.choose(choice.values)
        except ScenarioError as exc:
            raise _fail(file, f"choices.{i}.values", *exc.what) from None
        except BilingualError as exc:
            raise _fail(file, f"choices.{i}.values", exc.zh, exc.en) from None
    return session
