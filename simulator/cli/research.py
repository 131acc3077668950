"""Commands for researchers: ``sweep``, ``summary`` and ``calibrate`` (the ``research`` extra)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..i18n import texts
from .common import lang_option, shown


def add(sub, lang: str) -> None:
    _add_sweep(sub, lang)
    _add_summary(sub, lang)
    _add_calibrate(sub, lang)


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
    lang_option(p, lang)
    p.set_defaults(handler=_sweep, extra="research")


def _sweep(args) -> int:
    from ..research import sweeps
    from ..research.design import load_design

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


SUMMARY_TEXT = texts({
    "summary": ("把扫描结果汇总为表格（CSV，Excel 可直接打开）和图表（PNG）：每个参数点的均值与 95% 区间",
                "summarise a sweep as a table (CSV that Excel opens) and a chart (PNG): each point's mean and 95% interval"),
    "folder": ("扫描结果文件夹（xieshang sweep 的 --out）", "a sweep's results folder (the --out of xieshang sweep)"),
    "summary_out": ("写入 summary.csv 和 summary.png 的文件夹（缺省：扫描结果文件夹）",
                    "folder for summary.csv and summary.png (default: the sweep's folder)"),
    "written": ("已写入：{path}", "written: {path}"),
})


def _add_summary(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in SUMMARY_TEXT.items()}
    p = sub.add_parser("summary", help=t["summary"].replace("%", "%%"), description=t["summary"])  # help is %-formatted
    p.add_argument("folder", help=t["folder"])
    p.add_argument("--out", metavar="DIR", help=t["summary_out"])
    lang_option(p, lang)
    p.set_defaults(handler=_summary, extra="research")


def _summary(args) -> int:
    from ..research.summary import summarise

    def fonts():  # the shipped Chinese font; matplotlib loads only once there is something to draw
        from ..workshop.plots import style

        return style("screen")

    for path in summarise(args.folder, args.out, args.lang, style=fonts):
        print(SUMMARY_TEXT["written"](args.lang, path=path))
    return 0


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
    lang_option(p, lang)
    p.set_defaults(handler=_calibrate, extra="research")


def _calibrate(args) -> int:
    from ..research.calibration import report

    print(report(args.targets, match=args.match, workers=args.workers, lang=args.lang))
    return 0
