"""Decision points of Art. 7 and 8 and their fields: what the person may choose at each, the
scenario's own choice as the default, and how a choice becomes a scenario override."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..i18n import BilingualError, Text, TERMS
from ..law import BODIES
from ..scenario.base import CHANNELS, FORMS, SELECTION_RULES
from .text import ERRORS, HELP, LABELS, TITLES, VALUES, fill

KINDS = ("topic", "participants", "form", "after_round", "publication", "done")
BEFORE = ("topic", "participants", "form")  # chosen before the first meeting
MAX_ROUNDS = 8  # the seat offers another round up to this one (assumption: a workshop's patience)
PUBLISH = ("notice_board", "official_account", "wechat")

#: Where a field's value goes in the scenario (the path ``--set`` uses); the rest go to the policy.
PATHS = {
    ("topic", "channels"): "procedure.topic.channels",
    ("participants", "rule"): "procedure.selection.rule",
    ("participants", "size"): "procedure.selection.size",
    ("participants", "organisations"): "procedure.selection.mandatory",
    ("form", "mode"): "procedure.form.mode",
    ("form", "offline_channel"): "procedure.form.offline_channel",
    ("form", "time"): "procedure.form.time",
    ("form", "notice_days"): "procedure.form.notice_days",
    ("publication", "channels"): "procedure.publication.channels",
    ("publication", "explain"): "procedure.implementation.explain_to_dissenters",
}


@dataclass(frozen=True)
class Field:
    """One thing to choose: ``kind`` is one of "one", "many", "number", "yesno"."""

    name: str
    label: Text
    kind: str
    options: list[tuple[Any, Text]] = field(default_factory=list)
    default: Any = None
    min: int | None = None
    max: int | None = None
    help: Text = Text("", "")

    def check(self, value: Any) -> Any:
        """The value if it fits this field, else a bilingual error naming the field."""
        allowed = [v for v, _ in self.options]
        shown = json.dumps(value, ensure_ascii=False, default=str)[:80]
        if self.kind == "one" and (not isinstance(value, str) or value not in allowed):
            raise _error("one", field=self.name, options=", ".join(map(str, allowed)), got=shown)
        if self.kind == "many":
            if not isinstance(value, list) or any(not isinstance(v, str) or v not in allowed for v in value):
                raise _error("many", field=self.name, options=", ".join(map(str, allowed)), got=shown)
            if not value and self.min:
                raise _error("empty", field=self.name)
            return list(dict.fromkeys(value))  # once each, in the order given
        if self.kind == "number" and (isinstance(value, bool) or not isinstance(value, int) or not self.min <= value <= self.max):
            raise _error("number", field=self.name, min=self.min, max=self.max, got=shown)
        if self.kind == "yesno" and not isinstance(value, bool):
            raise _error("yesno", field=self.name, got=shown)
        return value


@dataclass(frozen=True)
class Point:
    """A decision point: its kind, title, the day and round it falls on, and its fields."""

    kind: str
    title: Text
    day: float
    round: int
    fields: list[Field]

    def check(self, values: Any) -> dict:
        """``values`` completed with the defaults and checked, or a bilingual error naming the field."""
        if not isinstance(values, dict):
            raise _error("mapping", got=type(values).__name__)
        names = [f.name for f in self.fields]
        for name in values:
            if name not in names:
                raise _error("unknown", field=name, fields=", ".join(names))
        return {f.name: f.check(values.get(f.name, f.default)) for f in self.fields}


def _error(key: str, **values) -> BilingualError:
    text = ERRORS[key].format(**values)
    return BilingualError(text.zh, text.en)


def _term(value: str) -> Text:
    return VALUES.get(value) or TERMS.get(value) or Text(value, value)


def fields(kind: str, spec, model=None, rules: dict | None = None) -> list[Field]:
    """The fields of decision point ``kind`` for scenario ``spec`` (its own choices as defaults; after a
    round, ``rules``: what the scenario's rules would do now, ``next`` and ``actions``)."""
    p = spec.procedure
    if kind == "topic":
        return [Field("channels", LABELS["channels"], "many", [(c, _term(c)) for c in CHANNELS], list(p.topic.channels), 1,
                      help=HELP["channels"])]
    if kind == "participants":
        groups = spec.population.groups
        households = spec.population.households
        return [
            Field("rule", LABELS["rule"], "one", [(r, _term(r)) for r in SELECTION_RULES], p.selection.rule, help=HELP["rule"]),
            Field("size", LABELS["size"], "number", default=min(p.selection.size, households), min=1, max=households, help=HELP["size"]),
            Field("organisations", LABELS["organisations"], "many",
                  [(o.id, Text(o.name.zh, o.name.en)) for o in spec.population.organisations], list(p.selection.mandatory),
                  help=HELP["organisations"]),
            Field("more_from", LABELS["more_from"], "many",
                  [(g.id, Text(g.name.zh, g.name.en)) for g in groups] + [("holdout_neighbours", VALUES["holdout_neighbours"])], [],
                  help=HELP["more_from"]),
            Field("more_count", LABELS["more_count"], "number", default=10, min=0, max=200, help=HELP["more_count"]),
        ]
    if kind == "form":
        return [
            Field("mode", LABELS["mode"], "one", [(m, _term(m)) for m in FORMS], p.form.mode, help=HELP["mode"]),
            Field("offline_channel", LABELS["offline_channel"], "yesno", default=p.form.offline_channel, help=HELP["offline_channel"]),
            Field("time", LABELS["time"], "one", [(t, _term(t)) for t in ("evening", "daytime", "weekend")], p.form.time, help=HELP["time"]),
            Field("notice_days", LABELS["notice_days"], "number", default=p.form.notice_days, min=0, max=60, help=HELP["notice_days"]),
        ]
    if kind == "after_round":
        body = BODIES[p.escalation.body].name
        steps = ["another_round", "escalate", "close"] if model is None or model.round < MAX_ROUNDS else ["escalate", "close"]
        labels = {"another_round": VALUES["another_round"], "escalate": fill(VALUES["escalate"], body=body), "close": VALUES["close"]}
        rules = rules or {}
        nxt = rules.get("next") if rules.get("next") in steps else steps[-2]
        return [
            Field("next", LABELS["next"], "one", [(s, labels[s]) for s in steps], nxt,
                  help=fill(HELP["next"], body=body)),
            Field("actions", LABELS["actions"], "many", [(a, _term(a)) for a in p.actions()], rules.get("actions", list(p.rounds.between)), help=HELP["actions"]),
        ]
    if kind == "publication":
        return [
            Field("channels", LABELS["pub_channels"], "many", [(c, _term(c)) for c in PUBLISH], list(p.publication.channels),
                  help=HELP["pub_channels"]),
            Field("explain", LABELS["explain"], "yesno", default=p.implementation.explain_to_dissenters, help=HELP["explain"]),
        ]
    return []


def point(kind: str, spec, day: float, round_: int, model=None, rules: dict | None = None) -> Point:
    """The decision point ``kind`` as the person meets it."""
    title = TITLES[kind].format(round=round_) if kind == "after_round" else TITLES[kind]
    return Point(kind, title, float(day), int(round_), fields(kind, spec, model, rules))


def overrides(choices: list[dict]) -> list[str]:
    """The ``path=value`` overrides of the recorded choices (``--set`` paths)."""
    out = []
    for choice in choices:
        for name, value in choice["values"].items():
            path = PATHS.get((choice["point"], name))
            if path is not None:
                out.append(f"{path}={json.dumps(value, ensure_ascii=False)}")
    return out
