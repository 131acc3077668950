"""The ``xieshang`` command line. Chinese by default; ``--lang en`` for English.

    xieshang run SCENARIO [--seed N] [--set path=value ...] [--json] [--lang zh|en]
    xieshang series TOPIC [TOPIC ...] [--seed N] [--seeds K] [--set path=value ...] [--json] [--lang zh|en]
    xieshang validate FILE...
    xieshang list
    xieshang schema [FILE]
    xieshang sweep DESIGN [--out DIR] [--workers N] [--dask local | --scheduler ADDRESS] [--no-progress]
    xieshang workshop [SCENARIO] [--port N] [--open] [--lang zh|en]
    xieshang practice [SCENARIO] [--seed N] [--port N] [--open] [--lang zh|en] | --replay FILE [--seeds N]
    xieshang record SCENARIO [--seed N] [--set path=value ...] --out FILE.docx|.html|.pdf [--lang zh|en] | --practice FILE --out FILE
    xieshang roles SCENARIO [--out FILE.html|.pdf|.docx] [--size a4|a6] [--class-size N] [--set path=value ...] [--lang zh|en]
    xieshang class SCENARIO --option ID|none --rounds N [--vote passed|failed] [--tally Y/E] [--objected G1,G2] [--seeds N] [--out FILE]
    xieshang class SCENARIO [--set path=value ...] [--port N] [--open] [--lang zh|en]   (the form, served)
    xieshang summary FOLDER [--out DIR] [--lang zh|en]
    xieshang reference [FILE]
    xieshang calibrate [TARGETS] [--match N] [--workers N] [--lang zh|en]

``pip install xieshang`` gives run, validate, list, schema and reference; ``workshop`` needs the
``workshop`` extra, ``sweep`` and ``summary`` the ``research`` extra, and say so when it is missing.

Each command lives in a module of this package with an ``add(sub, lang)`` that registers it
(:mod:`.scenarios`, :mod:`.series`, :mod:`.workshop`, :mod:`.practice`, :mod:`.record`, :mod:`.roles`,
:mod:`.classroom`, :mod:`.research`); :data:`COMMANDS` lists them in order.

A problem with the input exits with status 2 and a message, never a traceback. Each command
imports what it needs when it runs, so that ``xieshang --help`` and ``xieshang workshop`` start fast.
"""

from __future__ import annotations

import os
import sys

from ..i18n import BilingualError
from . import classroom, practice, record, research, roles, scenarios, series, workshop
from .common import USAGE, ArgumentError, check_extra, localised, pick_lang, shown, translate

#: The modules whose commands ``xieshang`` offers, in the order ``--help`` lists them.
COMMANDS = [scenarios, series, workshop, practice, record, roles, classroom, research]


def parser(lang: str = "zh"):
    """The ``xieshang`` argument parser, with its words in ``lang``."""
    Parser = localised(lang)
    p = Parser(prog="xieshang", description=USAGE["description"](lang))
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser, title=USAGE["commands"](lang))
    for module in COMMANDS:
        module.add(sub, lang)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = pick_lang(argv)
    try:
        args = parser(lang).parse_args(argv)
    except ArgumentError as exc:
        print(shown(USAGE["bad_args"](lang, message=translate(str(exc), lang))), file=sys.stderr)
        return 2
    try:
        check_extra(args.command, getattr(args, "extra", None))
        return args.handler(args)
    except BilingualError as exc:
        print(shown(exc.message(lang)), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `xieshang run parking | head`: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # never a traceback for a trainer
        if os.environ.get("XIESHANG_DEBUG"):
            raise
        print(shown(USAGE["internal"](lang, error=f"{type(exc).__name__}: {exc}")), file=sys.stderr)
        return 1

