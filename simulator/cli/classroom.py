"""``xieshang class``: after a role-play, place what the class decided among the model's runs of the
same design, and say where the class stood, what differed and whether its outcome stands in law."""

from __future__ import annotations


from ..i18n import BilingualError, texts
from .common import USAGE, check_extra, document_file, lang_option, save_document, shown

WORDS = texts({
    "class": ("课堂结果与模型对照：输入角色扮演中全班的决定，与同一设计多次运行的结果比较；不写 --option 时在本机打开填写页面",
              "the class's result against the model: enter what the role-play decided, compare it with many runs of the same design; "
              "without --option, serve the form on this computer"),
    "rounds_missing": ("写了 --option，还要写 --rounds（全班协商了几轮）", "with --option, give --rounds too (how many rounds the class held)"),
    "option_missing": ("{flags} 要和 --option 一起写；只想打开填写页面时都不写", "{flags} go with --option; leave them out to serve the form"),
    "option": ("全班选定的方案编号，没有作出决定写 none", "the option id the class adopted, or none for no decision"),
    "rounds": ("全班协商了几轮（不小于 1）", "how many rounds the class held (1 or more)"),
    "vote": ("表决结果：passed（通过）或 failed（未通过）；没有表决则不写", "the vote: passed or failed; leave out if there was none"),
    "tally": ("表决票数：同意票/应到人数，如 18/30（可不写）", "the vote's tally: yes/entitled, e.g. 18/30 (optional)"),
    "objected": ("提出反对的群体编号，用逗号分隔，如 tenant,elderly_owner", "ids of the groups that objected, comma-separated, e.g. tenant,elderly_owner"),
    "seeds": ("模型运行次数（随机种子 0 起，缺省 200）", "how many runs of the model (seeds from 0; default 200)"),
    "out": ("另存为文件：.docx（Word）、.html 或 .pdf", "also save to a file: .docx (Word), .html or .pdf"),
    "saved": ("已保存：{file}", "saved: {file}"),
    "table": ("各群体反对的比例", "How often each group objects"),
    "options": ("各方案在模型中的比例", "How often the model reaches each option"),
})
FLAGS = ("option", "rounds", "vote", "tally", "objected", "seeds")


def add(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in USAGE.items()}
    w = {k: v(lang) for k, v in WORDS.items()}
    p = sub.add_parser("class", help=w["class"], description=w["class"])
    p.add_argument("scenario", help=t["scenario"])
    p.add_argument("--option", help=w["option"])
    p.add_argument("--rounds", type=int, help=w["rounds"])
    p.add_argument("--vote", help=w["vote"])
    p.add_argument("--tally", metavar="YES/ENTITLED", help=w["tally"])
    p.add_argument("--objected", default="", metavar="G1,G2", help=w["objected"])
    p.add_argument("--seeds", type=int, default=200, help=w["seeds"])
    p.add_argument("--set", action="append", default=[], metavar="PATH=VALUE", help=t["set"])
    p.add_argument("--out", metavar="FILE", help=w["out"])
    p.add_argument("--port", type=int, help=t["port"])
    p.add_argument("--open", action="store_true", help=t["open"])
    p.add_argument("--stop-after", type=float, metavar="SECONDS", help=t["stop_after"])
    lang_option(p, lang)
    p.set_defaults(handler=_class)


def _flagged(error: BilingualError) -> BilingualError:
    """The same message, naming the command-line flag (``--rounds``) where it names the field."""
    for flag in FLAGS:
        if error.zh.startswith(flag) and error.en.startswith(flag):
            return BilingualError(f"--{error.zh}", f"--{error.en}")
    return error


def _class(args) -> int:
    if args.option is None:
        return _serve(args)
    if args.rounds is None:
        raise BilingualError(*WORDS["rounds_missing"])
    from ..consultation.runs import scenario_of
    from ..roleplay.classroom import ClassResult, place, seed_list, tally_from
    from ..roleplay.classroom_document import to_document

    lang, out = args.lang, document_file(args.out) if args.out else None
    spec = scenario_of(args.scenario, args.set)
    try:
        objected = tuple(g.strip() for g in args.objected.split(",") if g.strip())
        result = ClassResult(args.option, args.rounds, args.vote, tally_from(args.tally), objected).check(spec)
        seed_list(args.seeds)
    except BilingualError as error:
        raise _flagged(error) from None
    placement = place(spec, result, seeds=args.seeds, lang=lang)
    print(shown(placement.text(lang)))
    print()
    print(shown(WORDS["table"](lang)))
    print(shown(placement.table(lang).to_string(index=False)))
    if out is not None:
        save_document(to_document(placement, lang), out)
        print(shown(WORDS["saved"](lang, file=str(out))))
    return 0


def _serve(args) -> int:
    """The form as a page (no code shown), for the same design as ``--set`` gives."""
    given = [f"--{f}" for f in ("rounds", "vote", "tally", "out") if getattr(args, f) is not None] + (["--objected"] if args.objected else [])
    if given:
        raise BilingualError(*WORDS["option_missing"].format(flags=" ".join(given)))
    check_extra("class", "workshop")
    from ..workshop.page import serve

    return serve(args.scenario, args.lang, args.port, args.open, args.stop_after, which="classroom", overrides=args.set)
