"""The practice page's words and HTML: the timeline, what the convener sees after a round, the debrief
and the trainer's comparison. It only shows what :mod:`simulator.practice` computed, never computes it."""

from __future__ import annotations

import html
import math
from numbers import Number

import numpy as np
import pandas as pd

from ..i18n import BilingualError, Text, listing, texts

TEXT = texts({
    "heading": ("协商沙盘 · 练习席位：{title}", "xieshang · practice seat: {title}"),
    "intro": ("你是召集人。每一步选好怎样组织协商，点“下一步”，模拟的居民会作出反应。"
              "结束后看复盘：你的做法与其他做法在同一批随机种子上的结果。",
              "You are the convener. At each step choose how to run the consultation and press “Next”; the simulated "
              "residents respond. At the end the debrief sets your path beside other designs on the same seeds."),
    "trainee": ("学员姓名", "Trainee"),
    "next": ("下一步", "Next"),
    "restart": ("重新开始", "Start again"),
    "when": ("第 {day} 天", "Day {day}"),
    "when_round": ("第 {day} 天 · 第 {round} 轮之后", "Day {day} · after round {round}"),
    "timeline": ("进程", "Timeline"),
    "decided": ("你的决定", "You decided"),
    "happened": ("结果", "What happened"),
    "no_steps": ("还没有作出决定。", "Nothing decided yet."),
    "seen": ("第 {round} 轮协商会之后你看到的（第 {day} 天）", "What you see after round {round} (day {day})"),
    "proposal": ("桌上的方案：{proposal}", "On the table: {proposal}"),
    "attendance": ("到场情况", "Who came"),
    "speakers": ("发言", "Who spoke"),
    "statements": ("各方的说法", "What each side said"),
    "hands": ("举手表态（对桌上的方案）", "Show of hands (on the proposal)"),
    "yes": ("赞成", "for"),
    "no": ("反对", "against"),
    "unsure": ("拿不准", "unsure"),
    "step": ("环节", "Step"),
    "topic": ("收集议题", "Collecting the topic"),
    "participants": ("谁来参加", "Who takes part"),
    "form": ("形式、时间与通知", "Form, time and notice"),
    "after_round": ("第 {round} 轮之后", "After round {round}"),
    "publication": ("公开与解释", "Publication"),
    "finished": ("协商结束。", "The consultation is over."),
    "debrief": ("复盘", "Debrief"),
    "working": ("正在用 {n} 个随机种子重新运行各种做法，请稍候（约一分钟）……",
                "Re-running every path on {n} seeds, please wait (about a minute)…"),
    "paths": ("各种做法的结果（同一批 {n} 个随机种子上的分布，不是一次运行）",
              "Each path's outcomes (the distribution over the same {n} seeds, not one run)"),
    "switches": ("哪个选择影响最大（一次只换一个选择，其余不变）", "Which choice mattered most (one switched at a time)"),
    "reasons": ("为什么会这样", "Why it went this way"),
    "audit": ("逐条对照规范（你这一次）", "The audit, article by article (your run)"),
    "result": ("你这一次的结果", "Your run's result"),
    "save": ("保存这次练习", "Save this session"),
    "saved": ("已保存到 {folder}：{file}", "Saved in {folder}: {file}"),
    "open": ("打开保存的练习", "Open a saved session"),
    "opened": ("已打开 {file}", "Opened {file}"),
    "trainer": ("培训者：对比", "Trainer: compare"),
    "trainer_hint": ("选择几位学员保存的练习文件（可多选），并排对比他们的选择、结果和程序检查。",
                     "Choose several trainees' saved files (more than one at once) to set their choices, outcomes "
                     "and audits side by side."),
    "compare_files": ("选择练习文件", "Choose session files"),
    "compared": ("对比了 {n} 个练习文件", "{n} session files compared"),
    "bad_file": ("{file} 不是可以打开的练习文件：{why}", "{file} is not a practice file that can be opened: {why}"),
    "bad_named": ("不是可以打开的练习文件：{why}", "Not a practice file that can be opened: {why}"),
    "unreadable": ("无法读取（应为“保存这次练习”生成的 JSON 文件）",
                   "it cannot be read (expected a JSON file made by “Save this session”)"),
    "too_big": ("文件太大（{size} 字节，上限 {limit}）", "the file is too large ({size} bytes, limit {limit})"),
    "error": ("出错了：{message}", "Something went wrong: {message}"),
    "lang": ("语言", "Language"),
})
MAX_UPLOAD = 2_000_000  # bytes: a session file is a few kilobytes

CSS = """
.xs-practice { font-family: "Xieshang Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 16px;
  max-width: 980px; box-sizing: border-box; overflow-wrap: anywhere; }
.xs-practice, .xs-practice .widget-label, .xs-practice button, .xs-practice select, .xs-practice input,
.xs-practice .widget-html-content, .xs-practice label { font-size: 16px; }
.xs-practice .widget-text input, .xs-practice .widget-inline-hbox input, .xs-practice .widget-upload,
.xs-practice .widget-toggle-button, .xs-practice .jupyter-widget-Collapse-header { font-size: 16px; }
.xs-practice h2 { font-size: 24px; margin: 4px 0; } .xs-practice h3 { font-size: 19px; margin: 10px 0 4px; }
.xs-practice h4 { font-size: 17px; margin: 8px 0 2px; }
.xs-practice .widget-html-content { white-space: normal; line-height: 1.45; }
.xs-practice .widget-label { white-space: normal; }
.xs-table { border-collapse: collapse; margin: 4px 0; width: 100%; table-layout: auto; }
.xs-table td, .xs-table th { border: 1px solid #ccd; padding: 3px 6px; text-align: left; vertical-align: top;
  font-size: 15px; overflow-wrap: anywhere; white-space: pre-line; }
.xs-table th { background: #eef2f8; }
.xs-fail td { background: #fdecea; } .xs-pass td { background: #eef8f1; }
.xs-help { font-size: 14px; color: #444; margin: 0 0 6px; }
.xs-point-title { font-size: 20px; font-weight: bold; color: #1f5fa8; }
.xs-when { font-size: 15px; color: #555; }
.xs-error { color: #c0392b; font-weight: bold; }
.xs-note { color: #1f5fa8; }
.xs-statement { margin: 2px 0; padding-left: 6px; border-left: 3px solid #9bb; }
.xs-cards { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 6px; }
.xs-card { border: 1px solid #ccd; border-radius: 6px; padding: 3px 8px; min-width: 110px; max-width: 300px;
  background: #f7f9fc; }
.xs-label { font-size: 14px; color: #555; } .xs-value { font-size: 18px; font-weight: bold; color: #1f5fa8; }
.xs-verdict { border-left: 4px solid #1f5fa8; padding-left: 6px; } .xs-lesson { font-weight: bold; color: #1f5fa8; }
"""


def say(value, lang: str) -> str:
    """Any value core hands the page, as plain words in ``lang`` (escaped later)."""
    if isinstance(value, Text):
        return value(lang)
    if value is None:
        return "—"
    if isinstance(value, (bool, np.bool_)):
        return Text("是", "yes")(lang) if value else Text("否", "no")(lang)
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, dict):
        return Text("；", "; ")(lang).join(f"{say(k, lang)}：{say(v, lang)}" if lang == "zh" else
                                           f"{say(k, lang)}: {say(v, lang)}" for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return listing((say(v, lang) for v in value), lang)
    return str(value)


SHARES = ("比例", "差距", "share", "gap")  # columns of shares, shown as percentages (never a bare decimal)
CHANGES = ("变化", "change")  # columns of changes in a share, shown with their sign


def cell(value, column, lang: str) -> str:
    """One table cell: shares as percentages, changes in a share signed."""
    name = say(column, lang)
    if isinstance(value, float) and not math.isnan(value) and any(w in name for w in SHARES):
        return f"{value:+.0%}" if any(w in name for w in CHANGES) and value else f"{value:.0%}"
    return say(value, lang)


def table(frame: pd.DataFrame | None, lang: str, css: str = "") -> str:
    """A DataFrame as an HTML table, every cell in ``lang``."""
    if frame is None or len(frame) == 0:
        return ""
    head = "".join(f"<th>{html.escape(say(c, lang))}</th>" for c in frame.columns)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(cell(v, c, lang))}</td>" for c, v in zip(frame.columns, row))
                   + "</tr>" for row in frame.itertuples(index=False))
    return f"<table class='xs-table {css}'><tr>{head}</tr>{rows}</table>"


def day(value) -> str:
    """A day number as the page shows it."""
    return "—" if value is None else f"{value:.0f}" if isinstance(value, Number) else str(value)


def timeline_html(session, lang: str) -> str:
    """The session so far: one row per decision (the step, what was decided, what happened and when)."""
    t = lambda key, **v: TEXT[key](lang, **v)  # noqa: E731
    if not session.choices:
        return f"<h3>{t('timeline')}</h3><p class='xs-help'>{t('no_steps')}</p>"
    rows = []
    for choice, (kind, _values, happened) in zip(session.choices, session.log):
        step = t(kind, round=choice["round"]) if kind in TEXT else kind
        rows.append(f"<tr class='xs-step'><td>{html.escape(step)}</td>"
                    f"<td>{html.escape(session.describe(choice, lang))}</td><td>{html.escape(say(happened, lang))}</td></tr>")
    head = "".join(f"<th>{t(k)}</th>" for k in ("step", "decided", "happened"))
    return f"<h3>{t('timeline')}</h3><table class='xs-table xs-timeline'><tr>{head}</tr>{''.join(rows)}</table>"


def seen_html(seen, lang: str) -> str:
    """What a convener sees after a round: who came and spoke, each side's statement, a show of hands."""
    if seen is None:
        return ""
    t = lambda key, **v: TEXT[key](lang, **v)  # noqa: E731
    parts = [f"<h3>{html.escape(t('seen', round=seen.round, day=day(seen.day)))}</h3>"]
    if getattr(seen, "proposal", None) is not None:
        parts.append(f"<p class='xs-note'>{html.escape(say(seen.proposal, lang))}</p>")
    parts += [f"<h4>{t('attendance')}</h4>", table(seen.attendance, lang, "xs-attendance")]
    speakers = getattr(seen, "speakers", None)
    if isinstance(speakers, pd.DataFrame) and len(speakers):
        parts += [f"<h4>{t('speakers')}</h4>", table(speakers, lang, "xs-speakers")]
    elif speakers:
        parts += [f"<h4>{t('speakers')}</h4>", f"<p>{html.escape(say(speakers, lang))}</p>"]
    parts.append(f"<h4>{t('statements')}</h4>")
    parts += [f"<p class='xs-statement'>{html.escape(say(s, lang))}</p>" for s in seen.statements]
    parts += [f"<h4>{t('hands')}</h4>", f"<p class='xs-hands'>{html.escape(hands(seen.hands, lang))}</p>"]
    return "<div class='xs-seen'>" + "".join(parts) + "</div>"


def hands(counts, lang: str) -> str:
    """For / against / unsure counts, in words."""
    if isinstance(counts, dict):
        return Text("，", ", ")(lang).join(
            f"{TEXT[k](lang) if k in TEXT else say(k, lang)} {say(v, lang)}" for k, v in counts.items())
    return say(counts, lang)


def debrief_html(debrief, seeds: int, lang: str) -> str:
    """The debrief: the paths' outcomes over the seeds, the choices that mattered, why, and the audit."""
    t = lambda key, **v: TEXT[key](lang, **v)  # noqa: E731
    reasons = "".join(f"<li>{html.escape(say(r, lang))}</li>" for r in debrief.reasons)
    paths, switches, audit = (getattr(debrief, f"{name}_in")(lang) for name in ("paths", "switches", "audit"))
    return ("<div class='xs-debrief'>"
            f"<h3>{t('debrief')}</h3>"
            f"<h4>{html.escape(t('paths', n=seeds))}</h4>{table(paths, lang, 'xs-paths')}"
            f"<h4>{t('switches')}</h4>{table(switches, lang, 'xs-switches')}"
            f"<h4>{t('reasons')}</h4><ul class='xs-reasons'>{reasons}</ul>"
            f"<h4>{t('audit')}</h4>{table(audit, lang, 'xs-audit')}</div>")


def bad_file(name: str, error: Exception) -> str:
    """Why an uploaded file cannot be opened, in Chinese and English, never a traceback."""
    if isinstance(error, BilingualError) and name in error.zh and name in error.en:  # it names the file
        return _error_lines(TEXT["bad_named"].zh.format(why=error.zh), TEXT["bad_named"].en.format(why=error.en))
    if isinstance(error, BilingualError):
        zh, en = error.zh, error.en
    elif isinstance(error, OverflowError):
        zh, en = TEXT["too_big"].format(size=error.args[0], limit=MAX_UPLOAD)
    else:
        zh, en = TEXT["unreadable"]
    return _error_lines(TEXT["bad_file"].zh.format(file=name, why=zh), TEXT["bad_file"].en.format(file=name, why=en))


def _error_lines(zh: str, en: str) -> str:
    return f"<p class='xs-error xs-bad-file'>{html.escape(zh)}</p><p class='xs-error xs-bad-file' lang='en'>{html.escape(en)}</p>"
