"""``xieshang workshop``: the workshop page, served on this computer."""

from __future__ import annotations

from .common import USAGE, lang_option


def add(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in USAGE.items()}
    workshop = sub.add_parser("workshop", help=t["workshop"], description=t["workshop"])
    workshop.add_argument("scenario", nargs="?", default="parking", help=t["workshop_scenario"])
    workshop.add_argument("--port", type=int, help=t["port"])
    workshop.add_argument("--open", action="store_true", help=t["open"])
    workshop.add_argument("--stop-after", type=float, metavar="SECONDS", help=t["stop_after"])
    lang_option(workshop, lang)
    workshop.set_defaults(handler=_workshop, extra="workshop")


def _workshop(args) -> int:
    from ..workshop.page import serve

    return serve(args.scenario, args.lang, args.port, args.open, args.stop_after)
