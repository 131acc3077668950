"""``xieshang record``: the consultation record (协商记录, Art. 11) of one run, or of a saved practice
session, written as Word (.docx), a printable page (.html) or a PDF (.pdf), as ``--out`` names it."""

from __future__ import annotations

from ..i18n import BilingualError, texts
from .common import USAGE, document_file, lang_option, save_document, shown

WORDS = texts({
    "record": ("写出一次协商的协商记录（第十一条）：Word（.docx）、可打印网页（.html）或 PDF（.pdf）",
               "write the consultation record (Art. 11) of a run: Word (.docx), a printable page (.html) or PDF (.pdf)"),
    "scenario": ("情景文件路径，或内置情景名（如 parking）；用 --practice 时不写",
                 "a scenario file, or a shipped scenario's name (e.g. parking); leave it out with --practice"),
    "out": ("写入的文件，类型由后缀决定：.docx、.html 或 .pdf", "the file to write; its suffix picks the type: .docx, .html or .pdf"),
    "practice": ("练习文件（练习页面保存的 .json）：写出这次练习的记录，召集人的选择也写入；情景和种子来自文件",
                 "a practice file (the .json the practice page saves): the record of that session, the convener's choices "
                 "included; the scenario and seed come from the file"),
    "neither": ("缺少情景：请写情景名（如 parking）或用 --practice 指定练习文件", "no scenario: name one (e.g. parking) or give --practice FILE"),
    "both": ("情景 {scenario} 与 --practice 只能选一个（练习文件里已有情景）", "give the scenario {scenario} or --practice, not both (the practice file names its scenario)"),
    "fixed": ("用 --practice 时不能再写 --seed 或 --set：情景、种子和选择都来自练习文件",
              "--seed and --set do not go with --practice: the scenario, seed and choices come from the practice file"),
    "unfinished": ("{file}：这次练习还没有做完（停在“{point}”），没有可以记录的结果。请在练习页面打开它继续。",
                   "{file}: this session is not finished (it stops at “{point}”), so there is nothing to record yet. "
                   "Open it in the practice page to go on."),
    "written": ("协商记录已写入 {file}", "the consultation record is in {file}"),
})


def add(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in USAGE.items()}
    w = {k: v(lang) for k, v in WORDS.items()}
    record = sub.add_parser("record", help=w["record"], description=w["record"])
    record.add_argument("scenario", nargs="?", help=w["scenario"])
    record.add_argument("--seed", type=int, help=t["seed"])
    record.add_argument("--set", action="append", default=[], metavar="PATH=VALUE", help=t["set"])
    record.add_argument("--out", required=True, metavar="FILE", help=w["out"])
    record.add_argument("--practice", metavar="SESSION.json", help=w["practice"])
    lang_option(record, lang)
    record.set_defaults(handler=_record)


def _record(args) -> int:
    from ..documents import consultation_record

    out = document_file(args.out)
    run, session = _practice(args) if args.practice else _run(args)
    save_document(consultation_record(run, args.lang, session), out)
    print(shown(WORDS["written"](args.lang, file=out)))
    return 0


def _run(args):
    from ..consultation.runs import run

    if not args.scenario:
        raise BilingualError(*WORDS["neither"])
    seed = 0 if args.seed is None else args.seed
    return run(args.scenario, seed, args.set, lang=args.lang), None


def _practice(args):
    from ..practice import Session

    if args.scenario:
        raise BilingualError(*WORDS["both"].format(scenario=args.scenario))
    if args.seed is not None or args.set:
        raise BilingualError(*WORDS["fixed"])
    session = Session.open(args.practice)
    session.lang = args.lang
    if not session.finished:
        point = session.point.title
        raise BilingualError(WORDS["unfinished"].zh.format(file=args.practice, point=point.zh),
                             WORDS["unfinished"].en.format(file=args.practice, point=point.en))
    return session.result, session
