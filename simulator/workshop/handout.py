"""The handout and the dashboard's HTML: result cards, the audit table, the comparison, and a
one-page handout that prints on A4."""

from __future__ import annotations

import base64
import html
from datetime import datetime

from ..consultation.runs import Run
from . import legal
from .comparison import comparison_html, measures, shown
from .plots import png
from .text import TEXT


def summary_html(result: Run, lang: str) -> str:
    """The run's key numbers as cards: percentages and counts, never a bare decimal; a measure that
    cannot be computed says why, as in the comparison."""
    s, values = result.summary, measures(result)
    options = result.model.spec.option_names(lang)
    if s["vote"] is None:
        vote = TEXT["no_vote"](lang)
    else:
        vote = TEXT["passed" if s["vote"]["passed"] else "failed"](lang)
    cards = [
        (TEXT["outcome"](lang), TEXT["consensus_yes" if s["consensus"] else "consensus_no"](lang)),
        (TEXT["decision"](lang), options.get(s["decision"], TEXT["none"](lang))),
        (TEXT["vote"](lang), vote),
        (TEXT["implemented"](lang), legal.implemented(result, lang)),
        (TEXT["change"](lang), legal.compliance_of_changers(result, lang)),
        (TEXT["rounds_used"](lang), s["rounds"]),
        (TEXT["days"](lang), "—" if s["days"] is None else f"{s['days']:.0f}"),
        (TEXT["participants"](lang), s["participants"]),
        (TEXT["support"](lang), shown(values["support"], "support", lang)),
        (TEXT["gap"](lang), shown(values["representation_gap"], "representation_gap", lang)),
        (TEXT["elderly"](lang), TEXT["of_population"](lang, share=shown(values["elderly_voice_share"], "elderly_voice_share", lang),
                                   population=legal.percent(s["elderly_population_share"]))),
        (TEXT["hours"](lang), shown(values["person_hours"], "person_hours", lang)),
    ]
    body = "".join(f"<div class='xs-card'><div class='xs-label'>{html.escape(str(k))}</div>"
                   f"<div class='xs-value'>{html.escape(str(v))}</div></div>" for k, v in cards)
    return f"<div class='xs-cards'>{body}</div>"


def audit_html(audit: list[dict], lang: str) -> str:
    """The procedural audit as a table."""
    head = "".join(f"<th>{TEXT[k](lang)}</th>" for k in ("article", "requirement", "result", "detail"))
    rows = "".join(
        f"<tr class='{'xs-pass' if a['passed'] else 'xs-fail'}'><td>{html.escape(a['article'])}</td>"
        f"<td>{html.escape(a['requirement'])}</td><td>{TEXT['ok' if a['passed'] else 'not_ok'](lang)}</td>"
        f"<td>{html.escape(a['detail'])}</td></tr>" for a in audit)
    return f"<table class='xs-table'><tr>{head}</tr>{rows}</table>"


def handout(dashboard, lang: str) -> str:
    """A one-page HTML handout for participants: the comparison, the run and its audit (of a :class:`Dashboard`)."""
    title = TEXT["handout_title"](lang, title=dashboard.scenario.title(lang))
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p>{TEXT["handout_note"](lang)}</p>"]
    if dashboard.comparison is not None:  # the designs as they were compared, whatever the controls show now
        seeds = dashboard.comparison["seed"]
        heading = TEXT["compare_title"](lang, seeds=f"{seeds.min()}–{seeds.max()}")
        options = dashboard.scenario.option_names(lang)
        parts += [f"<h2>{html.escape(heading)}</h2>", comparison_html(dashboard.comparison, dashboard.compared, lang, options),
                  _img(dashboard.figures["compare"])]
    if dashboard.result is not None:
        design, seed = dashboard.ran
        parts += [f"<h2>{html.escape(TEXT["run_heading"](lang, design=design.describe(lang), seed=seed))}</h2>",
                  # the cards and the legal result (verdict and tally, not the whole reason) beside the trajectory
                  f"<div class='xs-run'><div>{summary_html(dashboard.result, lang)}"
                  f"<p class='xs-verdict'>{html.escape(legal.short(dashboard.result, lang))}</p></div>"
                  f"{_img(dashboard.figures['trajectory'])}</div>",
                  audit_html(dashboard.result.summary["audit"], lang)]
    when = f"{datetime.now():%Y-%m-%d %H:%M}"
    parts.append(f"<p class='xs-small'>{html.escape(TEXT["made"](lang, when=when, scenario=dashboard.scenario.id))}</p>")
    return (f"<!doctype html><html lang='{'en' if lang == 'en' else 'zh-CN'}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{CSS}{PRINT_CSS}</style></head>"
            f"<body class='xs-handout'>{''.join(parts)}</body></html>")


def _img(figure) -> str:
    data = base64.b64encode(png(figure, dpi=110)).decode()
    return f"<img src='data:image/png;base64,{data}' style='width:100%'>"


CSS = """
.xs-dashboard, .xs-handout { font-family: "Xieshang Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
  "Source Han Sans SC", sans-serif; font-size: 16px; }
.xs-cards { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0 6px; }
.xs-card { border: 1px solid #ccd; border-radius: 6px; padding: 3px 8px; min-width: 110px; background: #f7f9fc; }
.xs-label { font-size: 13px; color: #555; }
.xs-value { font-size: 18px; font-weight: bold; color: #1f5fa8; }
.xs-table { border-collapse: collapse; margin: 6px 0; }
.xs-table td, .xs-table th { border: 1px solid #ccd; padding: 4px 8px; text-align: left; }
.xs-fail td { background: #fdecea; } .xs-pass td { background: #eef8f1; }
.xs-error { color: #c0392b; font-weight: bold; }
.xs-small { font-size: 12px; color: #666; }
.xs-card { max-width: 340px; }
.xs-lesson { font-weight: bold; color: #1f5fa8; margin: 4px 0; }
.xs-verdict { border-left: 4px solid #1f5fa8; padding-left: 6px; }
.xs-vote-table td:nth-child(-n+2) { min-width: 7em; }
.xs-stale { color: #8a5a00; background: #fff4d6; border-left: 4px solid #d9a400; padding: 2px 6px; margin: 2px 0; }
.xs-stale-cards { opacity: 0.45; }
.xs-run-label { font-size: 13px; color: #555; margin: 0; }
.xs-dashboard .lm-TabBar-tab, .xs-dashboard .p-TabBar-tab { flex: 0 0 auto !important; max-width: none !important; }
"""
PRINT_CSS = ("body { max-width: 900px; margin: 1em auto; } "  # printed, the handout fits one A4 page
             ".xs-run { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-items: start; } "
             "@media print { @page { size: A4; margin: 10mm; } body.xs-handout { margin: 0; font-size: 10px; } "
             "h1 { font-size: 16px; margin: 0 0 4px; } h2 { font-size: 12px; margin: 6px 0 2px; } p { margin: 2px 0; } "
             "img { max-height: 4.5cm; width: auto; max-width: 100%; display: block; margin: 0 auto; } "
             ".xs-table { font-size: 9px; margin: 3px 0; } .xs-table td, .xs-table th { padding: 0 3px; } "
             ".xs-cards { gap: 2px; margin: 2px 0; } .xs-card { padding: 0 4px; min-width: 0; } "
             ".xs-label, .xs-value { display: inline; } .xs-label { font-size: 9px; } .xs-label::after { content: ' '; } "
             ".xs-value { font-size: 10px; } .xs-verdict { font-size: 9px; } }")
