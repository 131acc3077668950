"""``xieshang practice``: the convener's seat, served on this computer; ``--replay FILE`` prints a saved
session's result and debrief in the terminal."""

from __future__ import annotations

from ..i18n import BilingualError, texts
from .common import USAGE, check_extra, lang_option, shown

WORDS = texts({
    "practice": ("在本机浏览器中打开练习席位：你来当召集人，最后看复盘（不显示代码）",
                 "serve the practice seat on this computer: you convene, then get a debrief (no code shown)"),
    "scenario": ("练习用的情景（缺省为 parking）", "the scenario to practise (default: parking)"),
    "seed": ("随机种子（同一情景、种子和选择得到同样的过程）",
             "random seed (the same scenario, seed and choices give the same run)"),
    "replay": ("不打开页面：重放一个保存的练习文件，在终端输出结果和复盘",
               "no page: replay a saved practice file and print its result and debrief"),
    "seeds": ("复盘时每种做法重新运行的随机种子数（缺省 20）", "seeds each path is re-run on for the debrief (default: 20)"),
    "bad_seeds": ("--seeds 应为 1 到 200 之间的整数，实际为 {n}", "--seeds must be a whole number from 1 to 200, got {n}"),
    "bad_seed": ("--seed 应为非负整数，实际为 {n}（随机种子）", "--seed must be a whole number of 0 or more, got {n} (random seed)"),
    "unfinished": ("{file}：这次练习还没有做完（停在“{point}”），没有结果可以复盘。请在练习页面打开它继续。",
                   "{file}: this session is not finished (it stops at “{point}”), so there is no result to debrief. "
                   "Open it in the practice page to go on."),
    "result": ("—— 你的这次协商 ——", "—— Your consultation ——"),
    "debrief": ("—— 复盘 ——", "—— Debrief ——"),
})


def add(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in USAGE.items()}
    w = {k: v(lang) for k, v in WORDS.items()}
    practice = sub.add_parser("practice", help=w["practice"], description=w["practice"])
    practice.add_argument("scenario", nargs="?", default="parking", help=w["scenario"])
    practice.add_argument("--seed", type=int, default=0, help=w["seed"])
    practice.add_argument("--port", type=int, help=t["port"])
    practice.add_argument("--open", action="store_true", help=t["open"])
    practice.add_argument("--stop-after", type=float, metavar="SECONDS", help=t["stop_after"])
    practice.add_argument("--replay", metavar="FILE", help=w["replay"])
    practice.add_argument("--seeds", type=int, default=20, help=w["seeds"])
    lang_option(practice, lang)
    practice.set_defaults(handler=_practice)  # the page needs the workshop extra; a replay does not


def _practice(args) -> int:
    if args.replay:
        return _replay(args.replay, args.seeds, args.lang)
    if args.seed < 0:
        raise BilingualError(*WORDS["bad_seed"].format(n=args.seed))
    check_extra("practice", "workshop")
    from ..workshop.page import serve

    return serve(args.scenario, args.lang, args.port, args.open, args.stop_after, which="practice", seed=args.seed)


def _replay(file: str, seeds: int, lang: str) -> int:
    from ..practice import Session

    if not 1 <= seeds <= 200:
        raise BilingualError(*WORDS["bad_seeds"].format(n=seeds))
    session = Session.open(file)
    session.lang = lang  # the result in the language asked for, whatever the file's
    if not session.finished:
        point = session.point.title
        raise BilingualError(WORDS["unfinished"].zh.format(file=file, point=point.zh),
                             WORDS["unfinished"].en.format(file=file, point=point.en))
    print(shown(WORDS["result"](lang)))
    print(shown(session.result.text()))
    print(shown(WORDS["debrief"](lang)))
    print(shown(session.debrief(seeds=seeds).text(lang)))
    return 0
