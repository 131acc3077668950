"""The ``xieshang`` command line. Chinese by default; ``--lang en`` for English.

    xieshang run SCENARIO [--seed N] [--set path=value ...] [--json] [--lang zh|en]
    xieshang validate FILE...
    xieshang list
    xieshang schema [FILE]
    xieshang sweep DESIGN [--out DIR] [--workers N] [--dask local | --scheduler ADDRESS] [--no-progress]
    xieshang workshop [SCENARIO] [--port N] [--open] [--lang zh|en]
    xieshang summary FOLDER [--out DIR] [--lang zh|en]
    xieshang reference [FILE]
    xieshang calibrate [TARGETS] [--match N] [--workers N] [--lang zh|en]

``pip install xieshang`` gives run, validate, list, schema and reference; ``workshop`` needs the
``workshop`` extra, ``sweep`` and ``summary`` the ``research`` extra, and say so when it is missing.

A problem with the input exits with status 2 and a message, never a traceback. Each command
imports what it needs when it runs, so that ``xieshang --help`` and ``xieshang workshop`` start fast.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from pathlib import Path

from .i18n import LANGS, BilingualError, texts

USAGE = texts({
    "description": ("协商沙盘：城乡社区协商仿真", "xieshang: a simulator of community consultation"),
    "run": ("运行一个情景并输出结果摘要", "run a scenario and print its summary"),
    "scenario": ("情景文件路径，或内置情景名（如 parking）", "a scenario file, or a shipped scenario's name (e.g. parking)"),
    "seed": ("随机种子（相同情景与种子得到相同结果）", "random seed (the same scenario and seed give the same result)"),
    "set": ("临时修改一个参数，如 procedure.rounds.max=5（可重复）", "override one parameter for this run, e.g. procedure.rounds.max=5 (repeatable)"),
    "json": ("以一个 JSON 对象输出摘要", "print the summary as one JSON object"),
    "lang": ("输出语言：zh（中文，默认）或 en", "output language: zh (Chinese, default) or en"),
    "validate": ("检查情景文件", "check scenario files"),
    "files": ("要检查的情景文件", "scenario files to check"),
    "list": ("列出内置情景", "list the shipped scenarios"),
    "schema": ("输出情景文件的 JSON Schema（供编辑器补全与检查）", "print the scenario JSON Schema (for editor completion and checks)"),
    "out": ("写入的文件（缺省为标准输出）", "file to write (default: standard output)"),
    "ok": ("✓ {file}：格式正确（{title}）", "✓ {file}: valid ({title})"),
    "bad_args": ("命令参数有误：{message}\n用法见：xieshang --help", "invalid arguments: {message}\nsee: xieshang --help"),
    "internal": ("内部错误：{error}\n这不是你的输入问题。设置 XIESHANG_DEBUG=1 可查看详细信息。", "internal error: {error}\nThis is not a problem with your input. Set XIESHANG_DEBUG=1 for details."),
    "usage": ("用法：", "usage: "),
    "positional": ("参数", "positional arguments"),
    "options": ("选项", "options"),
    "help": ("显示帮助并退出", "show this help message and exit"),
    "commands": ("命令", "commands"),
    "workshop": ("在本机浏览器中打开工作坊页面（不显示代码）", "serve the workshop page on this computer (no code shown)"),
    "workshop_scenario": ("工作坊使用的情景（缺省为 parking）", "the scenario for the workshop (default: parking)"),
    "port": ("端口（缺省为 8866 起第一个空闲端口）", "port (default: the first free one from 8866)"),
    "open": ("启动后自动打开浏览器", "open a browser once the page is ready"),
    "stop_after": ("运行指定秒数后自动停止", "stop by itself after this many seconds"),
})


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are a short message in the chosen language."""

    lang = "zh"

    def error(self, message: str):
        raise _ArgumentError(message)


class _ArgumentError(Exception):
    pass


_ARGPARSE_ZH = [
    (r"the following arguments are required: command", r"缺少命令（run、validate、list、schema、reference、workshop、sweep、summary、calibrate）"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"argument (\S+): invalid int value: (.+)", r"参数 \1 应为整数，实际为 \2"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    (r"the following arguments are required: (.+)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
]


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """Text safe to print: control characters (a name "\x1b[2J" would clear the screen) written as escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _translate(message: str, lang: str) -> str:
    if lang == "zh":
        for pattern, replacement in _ARGPARSE_ZH:
            if re.fullmatch(pattern, message):
                return re.sub(pattern, replacement, message)
    return message


def _pick_lang(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in LANGS:
            return arg.split("=", 1)[1]
    return "zh"


def _localised(lang: str) -> type[_Parser]:
    """A parser class whose headings and help line are in ``lang``."""
    t = {k: v(lang) for k, v in USAGE.items()}

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            super().add_usage(usage, actions, groups, t["usage"] if prefix is None else prefix)

    class Parser(_Parser):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "add_help": False, "formatter_class": Formatter})
            self._positionals.title, self._optionals.title = t["positional"], t["options"]
            self.add_argument("-h", "--help", action="help", help=t["help"])

    return Parser


def parser(lang: str = "zh") -> argparse.ArgumentParser:
    t = {k: v(lang) for k, v in USAGE.items()}
    Parser = _localised(lang)
    p = Parser(prog="xieshang", description=t["description"])
    sub = p.add_subparsers(dest="command", required=True, parser_class=Parser, title=t["commands"])
    run = sub.add_parser("run", help=t["run"], description=t["run"])
    run.add_argument("scenario", help=t["scenario"])
    run.add_argument("--seed", type=int, default=0, help=t["seed"])
    run.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE", help=t["set"])
    run.add_argument("--json", action="store_true", help=t["json"])
    for command in (run, sub.add_parser("validate", help=t["validate"]), sub.add_parser("list", help=t["list"])):
        command.add_argument("--lang", choices=LANGS, default="zh", help=t["lang"])
    validate = sub.choices["validate"]
    validate.add_argument("files", nargs="+", help=t["files"])
    schema = sub.add_parser("schema", help=t["schema"])
    schema.add_argument("out", nargs="?", help=t["out"])
    workshop = sub.add_parser("workshop", help=t["workshop"], description=t["workshop"])
    workshop.add_argument("scenario", nargs="?", default="parking", help=t["workshop_scenario"])
    workshop.add_argument("--port", type=int, help=t["port"])
    workshop.add_argument("--open", action="store_true", help=t["open"])
    workshop.add_argument("--stop-after", type=float, metavar="SECONDS", help=t["stop_after"])
    workshop.add_argument("--lang", choices=LANGS, default="zh", help=t["lang"])
    _add_sweep(sub, lang)
    _add_summary(sub, lang)
    _add_calibrate(sub, lang)
    return p


def _run(args) -> int:
    from .consultation.runs import run

    result = run(args.scenario, args.seed, args.overrides, lang=args.lang)
    if args.json:
        print(json.dumps(result.summary, ensure_ascii=False, sort_keys=False))
    else:
        print(result.text())
    return 0


def _validate(args) -> int:
    from .scenario import load, resolve

    status = 0
    for file in args.files:
        try:
            scenario = load(resolve(file))
        except BilingualError as exc:
            print(shown(exc.message(args.lang)), file=sys.stderr)
            status = 2
        else:
            print(shown(USAGE["ok"](args.lang, file=file, title=scenario.title(args.lang))))
    return status


def _list(args) -> int:
    from .scenario import load, shipped

    for name, path in shipped().items():
        scenario = load(path)
        print(f"{name:<20} {scenario.title(args.lang)} — {scenario.summary(args.lang)}")
    return 0


def _schema(args) -> int:
    from .scenario import json_schema

    return _write_or_print(args.out, json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")


def _write_or_print(out: str | None, text: str) -> int:
    """Write ``text`` to the file ``out`` (whole or not at all), or print it."""
    from .files import write_text

    if out:
        out = Path(out)
        try:
            write_text(out, text)  # never a half-written file
        except OSError as exc:
            why = {errno.ENOENT: "文件夹不存在", errno.EISDIR: "这是一个文件夹", errno.EACCES: "没有写入权限"}.get(exc.errno, exc.strerror)
            raise BilingualError(f"{out}：无法写入（{why}）", f"{out}: cannot write ({exc.strerror})") from None
    else:
        sys.stdout.write(text)
    return 0


def _workshop(args) -> int:
    from .workshop.page import serve

    return serve(args.scenario, args.lang, args.port, args.open, args.stop_after)


# -- xieshang sweep ---------------------------------------------------------------------------

SWEEP_TEXT = texts({
    "sweep": ("按设计文件批量运行（参数扫描），结果存为 Parquet，可中断后继续", "run a design's many runs (a parameter sweep); results in Parquet, resumable"),
    "design": ("设计文件路径，或内置设计名（如 parking_rules）", "a design file, or a shipped design's name (e.g. parking_rules)"),
    "out": ("结果文件夹（缺省：设计名.sweep）；已有同一设计的部分结果时接着运行", "results folder (default: DESIGN.sweep); a folder with part of the same design is resumed"),
    "workers": ("并行的工作进程数（缺省：CPU 数）", "worker processes (default: the number of CPUs)"),
    "dask": ("用 dask.distributed 本机集群（LocalCluster）运行", "run on a dask.distributed LocalCluster on this machine"),
    "scheduler": ("连接已有的 dask 集群，如 tcp://10.0.0.5:8786", "run on an existing dask cluster, e.g. tcp://10.0.0.5:8786"),
    "batch": ("每个任务包含的运行次数（缺省自动）", "runs per task (default: automatic)"),
    "chunk": ("每完成多少次运行写一次文件（缺省 1000；至少每 30 秒写一次）", "write results every this many runs (default 1000; at least every 30 s)"),
    "rounds": ("同时保存每轮数据（rounds.parquet），同设计文件中的 rounds: true", "also keep per-round data (rounds.parquet), as rounds: true in the design"),
    "no_progress": ("不显示进度条", "no progress bar"),
    "plan": ("{file}：{points} 个参数点 × {seeds} 个种子 = {runs} 次运行；结果写入 {out}", "{file}: {points} points x {seeds} seeds = {runs} runs; results in {out}"),
    "resume": ("接着上次运行：已完成 {done} 次，还需 {todo} 次", "resuming: {done} runs done, {todo} to go"),
    "complete": ("全部 {runs} 次运行此前已完成", "all {runs} runs were already done"),
    "done": ("完成：{runs} 次运行，其中 {failed} 次出错（见 error 列）；结果：{path}", "done: {runs} runs, {failed} of them failed (see the error column); results: {path}"),
    "interrupted": ("已中断；已完成的运行已保存，再次运行同一命令即可接着完成", "interrupted; finished runs are saved: run the same command again to complete the sweep"),
})


def _add_sweep(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in SWEEP_TEXT.items()}
    p = sub.add_parser("sweep", help=t["sweep"], description=t["sweep"])
    p.add_argument("design", help=t["design"])
    p.add_argument("--out", metavar="DIR", help=t["out"])
    p.add_argument("--workers", type=int, metavar="N", help=t["workers"])
    where = p.add_mutually_exclusive_group()
    where.add_argument("--dask", choices=["local"], help=t["dask"])
    where.add_argument("--scheduler", metavar="ADDRESS", help=t["scheduler"])
    p.add_argument("--batch", type=int, metavar="N", help=t["batch"])
    p.add_argument("--chunk", type=int, default=1000, metavar="N", help=t["chunk"])
    p.add_argument("--rounds", action="store_true", help=t["rounds"])
    p.add_argument("--no-progress", dest="progress", action="store_false", help=t["no_progress"])
    p.add_argument("--lang", choices=LANGS, default="zh", help=USAGE["lang"](lang))


def _sweep(args) -> int:
    from .research import sweeps
    from .research.design import load_design

    lang = args.lang
    plan = load_design(args.design)

    def report(event: str, **values) -> None:
        print(shown(SWEEP_TEXT[event](lang, file=plan.source, **values)), flush=True)

    try:
        sweeps.sweep(plan, args.out or f"{Path(args.design).stem}.sweep", workers=args.workers,
                      executor="dask" if args.dask else "processes", scheduler=args.scheduler, batch=args.batch,
                      chunk=args.chunk, progress=args.progress, rounds=args.rounds, report=report, lang=lang)
    except KeyboardInterrupt:
        print(SWEEP_TEXT["interrupted"](lang), file=sys.stderr)
        raise
    return 0


# -- xieshang summary, xieshang reference, and what each command needs -------------------------

MORE_TEXT = texts({
    "summary": ("把扫描结果汇总为表格（CSV，Excel 可直接打开）和图表（PNG）：每个参数点的均值与 95% 区间",
                "summarise a sweep as a table (CSV that Excel opens) and a chart (PNG): each point's mean and 95% interval"),
    "folder": ("扫描结果文件夹（xieshang sweep 的 --out）", "a sweep's results folder (the --out of xieshang sweep)"),
    "summary_out": ("写入 summary.csv 和 summary.png 的文件夹（缺省：扫描结果文件夹）",
                    "folder for summary.csv and summary.png (default: the sweep's folder)"),
    "written": ("已写入：{path}", "written: {path}"),
    "reference": ("输出情景文件的字段说明（Markdown，中英对照）", "print the scenario field reference (Markdown, Chinese and English)"),
    "extra": ("xieshang {command} 需要可选组件 {extra}（缺少 {missing}）。请安装：pip install \"xieshang[{extra}]\"",
              "xieshang {command} needs the {extra} extra (missing: {missing}). Install it: pip install \"xieshang[{extra}]\""),
})

#: The modules each extra brings (pyproject.toml), and the commands that need them.
EXTRAS = {"workshop": ("voila", "ipywidgets", "ipykernel", "matplotlib"),
          "research": ("pyarrow", "dask", "distributed", "SALib", "tqdm", "matplotlib")}
NEEDS = {"workshop": "workshop", "sweep": "research", "summary": "research", "calibrate": "research"}


def _check_extra(command: str) -> None:
    """A command whose extra is not installed says which to install (before importing anything)."""
    from importlib.util import find_spec

    extra = NEEDS.get(command)
    missing = [m for m in EXTRAS.get(extra, ()) if find_spec(m) is None]
    if missing:
        raise BilingualError(*MORE_TEXT["extra"].format(command=command, extra=extra, missing=", ".join(missing)))


def _add_summary(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in MORE_TEXT.items()}
    p = sub.add_parser("summary", help=t["summary"].replace("%", "%%"), description=t["summary"])  # help is %-formatted
    p.add_argument("folder", help=t["folder"])
    p.add_argument("--out", metavar="DIR", help=t["summary_out"])
    p.add_argument("--lang", choices=LANGS, default="zh", help=USAGE["lang"](lang))
    reference = sub.add_parser("reference", help=t["reference"], description=t["reference"])
    reference.add_argument("out", nargs="?", help=USAGE["out"](lang))


def _summary(args) -> int:
    from .research.summary import summarise

    def fonts():  # the shipped Chinese font; matplotlib loads only once there is something to draw
        from .workshop.plots import style

        return style("screen")

    for path in summarise(args.folder, args.out, args.lang, style=fonts):
        print(MORE_TEXT["written"](args.lang, path=path))
    return 0


def _reference(args) -> int:
    from .scenario.reference import markdown

    return _write_or_print(args.out, markdown())


# -- xieshang calibrate ------------------------------------------------------------------------

CALIBRATE_TEXT = texts({
    "calibrate": ("与有据可查的案例对照：模型能否重现其典型事实", "check the model against documented cases: does it reproduce their stylised facts"),
    "targets": ("目标文件（缺省：scenarios/cases/targets.yaml）", "a targets file (default: scenarios/cases/targets.yaml)"),
    "match": ("再做历史匹配：在行为参数范围内抽 N 个参数点", "also run history matching over N points of the behaviour parameters"),
})


def _add_calibrate(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in CALIBRATE_TEXT.items()}
    p = sub.add_parser("calibrate", help=t["calibrate"], description=t["calibrate"])
    p.add_argument("targets", nargs="?", help=t["targets"])
    p.add_argument("--match", type=int, metavar="N", help=t["match"])
    p.add_argument("--workers", type=int, metavar="N", help=SWEEP_TEXT["workers"](lang))
    p.add_argument("--lang", choices=LANGS, default="zh", help=USAGE["lang"](lang))


def _calibrate(args) -> int:
    from .research.calibration import report

    print(report(args.targets, match=args.match, workers=args.workers, lang=args.lang))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _pick_lang(argv)
    try:
        args = parser(lang).parse_args(argv)
    except _ArgumentError as exc:
        print(shown(USAGE["bad_args"](lang, message=_translate(str(exc), lang))), file=sys.stderr)
        return 2
    try:
        _check_extra(args.command)
        return {"run": _run, "validate": _validate, "list": _list, "schema": _schema, "workshop": _workshop,
                "sweep": _sweep, "summary": _summary, "reference": _reference, "calibrate": _calibrate}[args.command](args)
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


if __name__ == "__main__":
    sys.exit(main())
