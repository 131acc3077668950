"""Commands on scenarios: ``run``, ``validate``, ``list``, ``schema`` and ``reference``."""

from __future__ import annotations

import json
import sys

from ..i18n import BilingualError
from .common import USAGE, lang_option, shown, write_or_print


def add(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in USAGE.items()}
    run = sub.add_parser("run", help=t["run"], description=t["run"])
    run.add_argument("scenario", help=t["scenario"])
    run.add_argument("--seed", type=int, default=0, help=t["seed"])
    run.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE", help=t["set"])
    run.add_argument("--json", action="store_true", help=t["json"])
    run.set_defaults(handler=_run)
    validate = sub.add_parser("validate", help=t["validate"])
    validate.add_argument("files", nargs="+", help=t["files"])
    validate.set_defaults(handler=_validate)
    listing = sub.add_parser("list", help=t["list"])
    listing.set_defaults(handler=_list)
    for command in (run, validate, listing):
        lang_option(command, lang)
    schema = sub.add_parser("schema", help=t["schema"])
    schema.add_argument("out", nargs="?", help=t["out"])
    schema.add_argument("--catalogue", action="store_true", help=t["catalogue_schema"])
    schema.set_defaults(handler=_schema)
    reference = sub.add_parser("reference", help=t["reference"], description=t["reference"])
    reference.add_argument("out", nargs="?", help=t["out"])
    reference.set_defaults(handler=_reference)


def _run(args) -> int:
    from ..consultation.runs import run

    result = run(args.scenario, args.seed, args.overrides, lang=args.lang)
    if args.json:
        print(json.dumps(result.summary, ensure_ascii=False, sort_keys=False))
    else:
        print(result.text())
    return 0


def _validate(args) -> int:
    from ..scenario import catalogue, load, resolve

    status = 0
    for file in args.files:
        try:
            path = resolve(file)
            checked = catalogue.load(path) if catalogue.looks_like(path) else load(path)  # a catalogue, or a scenario
        except BilingualError as exc:
            print(shown(exc.message(args.lang)), file=sys.stderr)
            status = 2
        else:
            title = checked.name if isinstance(checked, catalogue.Catalogue) else checked.title
            print(shown(USAGE["ok"](args.lang, file=file, title=title(args.lang))))
    return status


def _list(args) -> int:
    from ..scenario import load, shipped

    for name, path in shipped().items():
        scenario = load(path)
        print(f"{name:<20} {scenario.title(args.lang)} — {scenario.summary(args.lang)}")
    return 0


def _schema(args) -> int:
    from ..scenario import catalogue, json_schema

    schema = catalogue.json_schema() if args.catalogue else json_schema()
    return write_or_print(args.out, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")


def _reference(args) -> int:
    from ..scenario.reference import markdown

    return write_or_print(args.out, markdown())


