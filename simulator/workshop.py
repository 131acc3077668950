"""The workshop dashboard: choose a consultation design, run it, compare two designs.

Used by ``notebooks/01_parking_workshop.ipynb`` and served without code by
``xieshang workshop`` (Voilà). Controls map to ``--set`` overrides, so the page
and the command line run exactly the same model.
"""

from __future__ import annotations

import base64
import html
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from . import plots
from .files import write_folder
from .i18n import check_lang, listing, pick, term, terms
from .plots import png
from .runs import Run, resolve, run
from .scenario import ACTIONS, CONSENSUS_RULES, FORMS, SELECTION_RULES, Scenario
from .validation import load

TEXT = {
    "heading": ("协商沙盘 · {title}", "xieshang · {title}"),
    "intro": ("选择协商怎样组织，点“运行协商”，看看谁到场、谁发言、能否达成共识。",
              "Choose how the consultation is organised, press “Run”, and see who came, who spoke and whether it agreed."),
    "selection": ("协商主体产生方式", "Who takes part"),
    "form": ("协商形式", "Form"),
    "notice": ("提前通知（天）", "Notice (days)"),
    "rounds": ("最多轮次", "Maximum rounds"),
    "consensus": ("共识规则", "Consensus rule"),
    "actions": ("轮次之间召集人做什么", "Between rounds the convener does"),
    "seed": ("随机种子", "Seed"),
    "notice_n": ("提前 {n} 天通知", "{n} days' notice"),
    "rounds_n": ("最多 {n} 轮", "at most {n} rounds"),
    "actions_n": ("轮次之间：{actions}", "between rounds: {actions}"),
    "run": ("运行协商", "Run"),
    "keep": ("把当前方案记为“方案甲”", "Keep this design as “design A”"),
    "compare": ("对比方案甲与当前方案", "Compare design A with this design"),
    "export": ("导出图片和讲义", "Export images and handout"),
    "seeds": ("对比用的随机种子数", "Seeds for the comparison"),
    "tab_stances": ("态度分布", "Stances"),
    "tab_groups": ("到场与发言", "Attendance and voice"),
    "tab_trajectory": ("共识轨迹", "Consensus"),
    "tab_vote": ("表决与门槛", "Vote"),
    "tab_audit": ("程序检查", "Procedure audit"),
    "consensus_yes": ("达成共识", "Consensus reached"),
    "consensus_no": ("未达成共识", "No consensus"),
    "outcome": ("结果", "Outcome"),
    "decision": ("决定", "Decision"),
    "none": ("无", "none"),
    "rounds_used": ("用了几轮", "Rounds used"),
    "days": ("用时（天）", "Days"),
    "participants": ("参与人数", "Participants"),
    "gap": ("代表性差距", "Representation gap"),
    "elderly": ("老年人发言占比（人口占比）", "Elderly voice share (population share)"),
    "elderly_voice": ("老年人发言占比", "Elderly voice share"),
    "of_population": ("{share}（{population}）", "{share} ({population})"),
    "support": ("全体住户支持率", "Support across all households"),
    "hours": ("投入人时", "Person-hours"),
    "vote": ("表决", "Vote"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "not passed"),
    "no_vote": ("未提交表决", "no vote"),
    "article": ("条款", "Article"),
    "requirement": ("要求", "Requirement"),
    "result": ("结果", "Result"),
    "detail": ("情况", "Detail"),
    "ok": ("✔ 符合", "✔ met"),
    "not_ok": ("✘ 不符合", "✘ not met"),
    "design_a": ("方案甲", "Design A"),
    "design_b": ("当前方案", "This design"),
    "kept": ("已记下方案甲：{design}", "Kept design A: {design}"),
    "need_a": ("请先把一个方案记为“方案甲”。", "First keep a design as “design A”."),
    "compare_title": ("方案甲与当前方案（同一批随机种子 {seeds}）", "Design A and this design (same seeds, {seeds})"),
    "consensus_rate": ("达成共识的比例", "Consensus rate"),
    "design_row": ("方案内容", "Design"),
    "run_heading": ("单次运行：{design}；随机种子 {seed}", "One run: {design}; seed {seed}"),
    "exported": ("已导出到 {folder}：", "Exported to {folder}:"),
    "download": ("下载讲义", "Download the handout"),
    "handout_title": ("协商沙盘讲义：{title}", "xieshang handout: {title}"),
    "handout_note": ("模拟结果用于培训讨论，不代表真实社区的结果。对照《天津市城乡社区协商指导规范》（2023）逐条讨论。",
                     "Simulated results are for training discussion, not predictions for a real community. "
                     "Discuss them article by article against Tianjin's 2023 norms."),
    "made": ("生成于 {when}，情景 {scenario}", "Made {when}; scenario {scenario}"),
    "error": ("出错了：{message}", "Something went wrong: {message}"),
}

#: Measures compared between designs: summary key -> TEXT key.
MEASURES = {"consensus": "consensus_rate", "representation_gap": "gap", "elderly_voice_share": "elderly_voice",
            "person_hours": "hours"}


def say(key: str, lang: str = "zh", **values) -> str:
    """Dashboard text in ``lang``."""
    return pick(TEXT[key], lang).format(**values)


@dataclass(frozen=True)
class Design:
    """What the trainer chose: the procedure's main rules."""

    selection: str
    form: str
    notice: int
    rounds: int
    consensus: str
    actions: tuple[str, ...]

    def overrides(self) -> list[str]:
        """The same rules as ``xieshang run --set`` arguments."""
        return [
            f"procedure.selection.rule={self.selection}",
            f"procedure.form.mode={self.form}",
            f"procedure.form.notice_days={self.notice}",
            f"procedure.rounds.max={self.rounds}",
            f"procedure.consensus.rule={self.consensus}",
            f"procedure.rounds.between=[{', '.join(self.actions)}]",
        ]

    def describe(self, lang: str = "zh") -> str:
        sep = "; " if lang == "en" else "；"
        actions = terms(self.actions, lang)
        return sep.join([
            term(self.selection, lang), term(self.form, lang), say("notice_n", lang, n=self.notice),
            say("rounds_n", lang, n=self.rounds), term(self.consensus, lang), say("actions_n", lang, actions=actions),
        ])


def compare(scenario, designs: dict[str, Design], seeds: int | list[int] = 10, lang: str = "zh") -> pd.DataFrame:
    """Run each design on the same seeds; one row per run with the compared measures."""
    seeds = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
    rows = []
    for name, design in designs.items():
        for seed in seeds:
            s = run(scenario, seed, design.overrides(), lang=lang).summary
            rows.append({"design": name, "seed": seed, **{k: float(s[k]) for k in MEASURES}})
    return pd.DataFrame(rows)


class Dashboard:
    """The workshop page: controls, a run's results, and a comparison of two designs.

    >>> Dashboard("parking")  # doctest: +SKIP
    """

    def __init__(self, scenario: str | Path | Scenario = "parking", lang: str = "zh", preset: str = "screen", seeds: int = 10):
        self.lang = check_lang(lang)
        self.preset = preset
        self.scenario = scenario if isinstance(scenario, Scenario) else load(resolve(scenario))
        self.kept: Design | None = None
        self.result: Run | None = None
        self.ran: tuple[Design, int] | None = None  # the design and seed behind ``result``
        self.comparison: pd.DataFrame | None = None
        self.compared: dict[str, Design] = {}  # the designs behind ``comparison``, by name
        self.figures: dict = {}
        p = self.scenario.procedure
        t = lambda key: say(key, lang)  # noqa: E731
        wide = {"description_width": "initial"}
        layout = widgets.Layout(width="auto")

        def choices(values):
            return [(term(v, lang), v) for v in values]

        self.selection = widgets.Dropdown(options=choices(SELECTION_RULES), value=p.selection.rule,
                                          description=t("selection"), style=wide, layout=layout)
        self.form = widgets.Dropdown(options=choices(FORMS), value=p.form.mode, description=t("form"),
                                     style=wide, layout=layout)
        self.notice = widgets.IntSlider(value=p.form.notice_days, min=0, max=30, description=t("notice"), style=wide)
        self.rounds = widgets.IntSlider(value=p.rounds.max, min=1, max=6, description=t("rounds"), style=wide)
        self.consensus = widgets.Dropdown(options=choices(CONSENSUS_RULES), value=p.consensus.rule,
                                          description=t("consensus"), style=wide, layout=layout)
        self.actions = Checkboxes(choices(ACTIONS), tuple(p.rounds.between), t("actions"))
        self.seed = widgets.BoundedIntText(value=0, min=0, max=2**31 - 1, description=t("seed"), style=wide)
        self.compare_seeds = widgets.IntSlider(value=seeds, min=2, max=50, description=t("seeds"), style=wide)
        fit = widgets.Layout(width="auto")
        self.run_button = widgets.Button(description=t("run"), button_style="primary", layout=fit)
        self.keep_button = widgets.Button(description=t("keep"), layout=fit)
        self.compare_button = widgets.Button(description=t("compare"), layout=fit)
        self.export_button = widgets.Button(description=t("export"), layout=fit)
        for name in ("selection", "form", "notice", "rounds", "consensus", "actions", "seed", "compare_seeds",
                     "run_button", "keep_button", "compare_button", "export_button"):
            getattr(self, name).add_class(f"xs-{name.replace('_', '-')}")
        self.run_button.on_click(self._safely(self.run))
        self.keep_button.on_click(self._safely(self.keep))
        self.compare_button.on_click(self._safely(self.compare))
        self.export_button.on_click(self._safely(self.export))

        self.summary = widgets.HTML().add_class("xs-summary")
        self.message = widgets.HTML().add_class("xs-message")
        self.charts = {key: widgets.Image(format="png", layout=widgets.Layout(width="100%")).add_class(f"xs-chart-{key}")
                       for key in ("stances", "groups", "trajectory", "vote")}
        self.audit = widgets.HTML().add_class("xs-audit")
        tabs = widgets.Tab(children=[*self.charts.values(), self.audit])
        for i, key in enumerate(["tab_stances", "tab_groups", "tab_trajectory", "tab_vote", "tab_audit"]):
            tabs.set_title(i, t(key))
        self.comparison_chart = widgets.Image(format="png", layout=widgets.Layout(width="100%")).add_class("xs-chart-compare")
        self.comparison_table = widgets.HTML().add_class("xs-compare")
        controls = widgets.VBox([self.selection, self.form, self.notice, self.rounds, self.consensus, self.actions,
                                 self.seed, self.run_button], layout=widgets.Layout(min_width="330px"))
        heading = widgets.HTML(f"<style>{CSS}</style><h2>{html.escape(say('heading', lang, title=self.scenario.title(lang)))}"
                               f"</h2><p>{t('intro')}</p>")
        self.widget = widgets.VBox([
            heading,
            widgets.HBox([controls, widgets.VBox([self.summary, tabs], layout=widgets.Layout(flex="1"))]),
            widgets.HBox([self.keep_button, self.compare_seeds, self.compare_button, self.export_button]),
            self.message, self.comparison_table, self.comparison_chart,
        ]).add_class("xs-dashboard")
        self.run()

    def _ipython_display_(self):
        display(self.widget)

    def _safely(self, action):
        """A button handler that shows errors as a message instead of a traceback."""
        def handler(_button):
            try:
                action()
            except Exception as error:  # a trainer sees a sentence, never a traceback
                text = error.message(self.lang) if hasattr(error, "message") else str(error)
                self.message.value = f"<p class='xs-error'>{html.escape(say('error', self.lang, message=text))}</p>"
        return handler

    @property
    def design(self) -> Design:
        """The design the controls show now."""
        return Design(self.selection.value, self.form.value, self.notice.value, self.rounds.value,
                      self.consensus.value, tuple(self.actions.value))

    def run(self) -> Run:
        """Run the current design with the chosen seed and show the results."""
        design, seed = self.design, self.seed.value
        self.result = result = run(self.scenario, seed, design.overrides(), lang=self.lang)
        self.ran = design, seed
        self.message.value = ""  # an earlier message (an export's link, an error) is about another run
        draw = {"stances": plots.stance_distribution, "groups": plots.groups, "trajectory": plots.trajectory,
                "vote": plots.vote}
        for key, chart in draw.items():
            self.figures[key] = figure = chart(result, lang=self.lang, preset=self.preset)
            self.charts[key].value = png(figure)
        self.summary.value = summary_html(result, self.lang)
        self.audit.value = audit_html(result.summary["audit"], self.lang)
        return result

    def keep(self) -> Design:
        """Remember the current design as design A."""
        self.kept = self.design
        self.message.value = f"<p>{html.escape(say('kept', self.lang, design=self.kept.describe(self.lang)))}</p>"
        return self.kept

    def compare(self) -> pd.DataFrame:
        """Run design A and the current design on the same seeds and show both."""
        if self.kept is None:
            self.message.value = f"<p class='xs-error'>{say('need_a', self.lang)}</p>"
            return pd.DataFrame()
        lang = self.lang
        designs = {say("design_a", lang): self.kept, say("design_b", lang): self.design}
        seeds = self.compare_seeds.value
        self.comparison = table = compare(self.scenario, designs, seeds, lang)
        self.compared = designs
        self.figures["compare"] = figure = plots.compare(
            table, "design", {k: say(v, lang) for k, v in MEASURES.items()},
            title=say("compare_title", lang, seeds=f"0–{seeds - 1}"), lang=lang, preset=self.preset)
        self.comparison_chart.value = png(figure)
        self.comparison_table.value = comparison_html(table, designs, lang)
        self.message.value = ""
        return table

    def export(self, folder: str | Path | None = None) -> list[Path]:
        """Save the charts as PNG and a one-page HTML handout; offer the handout for download."""
        root = Path(os.environ.get("XIESHANG_EXPORT_DIR", Path.cwd()))
        folder = Path(folder or root / f"xieshang-{datetime.now():%Y%m%d-%H%M%S}")
        page = handout(self, self.lang)
        files = {f"{key}.png": png(figure, dpi=150) for key, figure in self.figures.items()}
        files["handout.html"] = page.encode("utf-8")
        written = write_folder(folder, files)
        link = base64.b64encode(files["handout.html"]).decode()
        self.message.value = (
            f"<p>{html.escape(say('exported', self.lang, folder=str(folder)))} "
            f"{html.escape(listing((p.name for p in written), self.lang))}</p>"
            f"<p><a class='xs-download' download='handout.html' href='data:text/html;base64,{link}'>"
            f"{say('download', self.lang)}</a></p>")
        return written


class Checkboxes(widgets.VBox):
    """Several choices as tick boxes (a multiple-select list needs Ctrl-click, which trainers do not know).

    ``value`` is the tuple of ticked values, in the order of the choices.
    """

    def __init__(self, options: list[tuple[str, str]], value: tuple[str, ...], description: str):
        self.boxes = {v: widgets.Checkbox(value=v in value, description=label, indent=False,
                                          layout=widgets.Layout(width="auto", margin="0"))
                      for label, v in options}
        super().__init__([widgets.Label(description), widgets.VBox(list(self.boxes.values()),
                                                                     layout=widgets.Layout(margin="0 0 0 1em"))])

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(v for v, box in self.boxes.items() if box.value)

    @value.setter
    def value(self, values) -> None:
        unknown = set(values) - set(self.boxes)
        if unknown:
            raise ValueError(f"unknown choices: {sorted(unknown)}")
        for v, box in self.boxes.items():
            box.value = v in values


def summary_html(result: Run, lang: str) -> str:
    """The run's key numbers as cards."""
    s = result.summary
    options = result.model.spec.option_names(lang)
    if s["vote"] is None:
        vote = say("no_vote", lang)
    else:
        vote = say("passed" if s["vote"]["passed"] else "failed", lang)
    cards = [
        (say("outcome", lang), say("consensus_yes" if s["consensus"] else "consensus_no", lang)),
        (say("decision", lang), options.get(s["decision"], say("none", lang))),
        (say("vote", lang), vote),
        (say("rounds_used", lang), s["rounds"]),
        (say("days", lang), f"{s['days']:.0f}"),
        (say("participants", lang), s["participants"]),
        (say("support", lang), f"{s['support_population']:.0%}"),
        (say("gap", lang), f"{s['representation_gap']:.3f}"),
        (say("elderly", lang), say("of_population", lang, share=f"{s['elderly_voice_share']:.0%}",
                                   population=f"{s['elderly_population_share']:.0%}")),
        (say("hours", lang), f"{s['person_hours']:.0f}"),
    ]
    body = "".join(f"<div class='xs-card'><div class='xs-label'>{html.escape(str(k))}</div>"
                   f"<div class='xs-value'>{html.escape(str(v))}</div></div>" for k, v in cards)
    return f"<div class='xs-cards'>{body}</div>"


def audit_html(audit: list[dict], lang: str) -> str:
    """The procedural audit as a table."""
    head = "".join(f"<th>{say(k, lang)}</th>" for k in ("article", "requirement", "result", "detail"))
    rows = "".join(
        f"<tr class='{'xs-pass' if a['passed'] else 'xs-fail'}'><td>{html.escape(a['article'])}</td>"
        f"<td>{html.escape(a['requirement'])}</td><td>{say('ok' if a['passed'] else 'not_ok', lang)}</td>"
        f"<td>{html.escape(a['detail'])}</td></tr>" for a in audit)
    return f"<table class='xs-table'><tr>{head}</tr>{rows}</table>"


def comparison_html(table: pd.DataFrame, designs: dict[str, Design], lang: str) -> str:
    """Mean of each measure per design, with the designs spelled out."""
    means = table.groupby("design")[list(MEASURES)].mean().reindex(list(designs))
    head = "".join(f"<th>{html.escape(name)}</th>" for name in designs)
    rows = [f"<tr><td>{say('design_row', lang)}</td>" + "".join(
        f"<td>{html.escape(d.describe(lang))}</td>" for d in designs.values()) + "</tr>"]
    for column, key in MEASURES.items():
        cells = "".join(f"<td>{_show(column, v)}</td>" for v in means[column])
        rows.append(f"<tr><td>{say(key, lang)}</td>{cells}</tr>")
    return f"<table class='xs-table'><tr><th></th>{head}</tr>{''.join(rows)}</table>"


def _show(column: str, value: float) -> str:
    if column in ("consensus", "elderly_voice_share"):
        return f"{value:.0%}"
    return f"{value:.0f}" if column == "person_hours" else f"{value:.3f}"


def handout(dashboard: Dashboard, lang: str) -> str:
    """A one-page HTML handout for participants: the comparison, the run and its audit."""
    title = say("handout_title", lang, title=dashboard.scenario.title(lang))
    parts = [f"<h1>{html.escape(title)}</h1>", f"<p>{say('handout_note', lang)}</p>"]
    if dashboard.comparison is not None:  # the designs as they were compared, whatever the controls show now
        seeds = dashboard.comparison["seed"]
        heading = say("compare_title", lang, seeds=f"{seeds.min()}–{seeds.max()}")
        parts += [f"<h2>{html.escape(heading)}</h2>", comparison_html(dashboard.comparison, dashboard.compared, lang),
                  _img(dashboard.figures["compare"])]
    if dashboard.result is not None:
        design, seed = dashboard.ran
        parts += [f"<h2>{html.escape(say('run_heading', lang, design=design.describe(lang), seed=seed))}</h2>",
                  summary_html(dashboard.result, lang), _img(dashboard.figures["trajectory"]),
                  audit_html(dashboard.result.summary["audit"], lang)]
    when = f"{datetime.now():%Y-%m-%d %H:%M}"
    parts.append(f"<p class='xs-small'>{html.escape(say('made', lang, when=when, scenario=dashboard.scenario.id))}</p>")
    return (f"<!doctype html><html lang='{'en' if lang == 'en' else 'zh-CN'}'><head><meta charset='utf-8'>"
            f"<title>{html.escape(title)}</title><style>{CSS}{PRINT_CSS}</style></head>"
            f"<body class='xs-handout'>{''.join(parts)}</body></html>")


def _img(figure) -> str:
    data = base64.b64encode(png(figure, dpi=110)).decode()
    return f"<img src='data:image/png;base64,{data}' style='width:100%'>"


CSS = """
.xs-dashboard, .xs-handout { font-family: "Xieshang Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
  "Source Han Sans SC", sans-serif; font-size: 16px; }
.xs-cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 4px 0 8px; }
.xs-card { border: 1px solid #ccd; border-radius: 6px; padding: 6px 10px; min-width: 120px; background: #f7f9fc; }
.xs-label { font-size: 13px; color: #555; }
.xs-value { font-size: 20px; font-weight: bold; color: #1f5fa8; }
.xs-table { border-collapse: collapse; margin: 6px 0; }
.xs-table td, .xs-table th { border: 1px solid #ccd; padding: 4px 8px; text-align: left; }
.xs-fail td { background: #fdecea; } .xs-pass td { background: #eef8f1; }
.xs-error { color: #c0392b; font-weight: bold; }
.xs-small { font-size: 12px; color: #666; }
.xs-dashboard .lm-TabBar-tab, .xs-dashboard .p-TabBar-tab { flex: 0 0 auto !important; max-width: none !important; }
"""
PRINT_CSS = ("body { max-width: 900px; margin: 1em auto; } "  # printed, the handout fits one A4 page
             "@media print { @page { size: A4; margin: 10mm; } body.xs-handout { margin: 0; font-size: 10px; } "
             "h1 { font-size: 16px; margin: 0 0 4px; } h2 { font-size: 12px; margin: 6px 0 2px; } p { margin: 2px 0; } "
             "img { max-height: 4.5cm; width: auto; max-width: 100%; display: block; margin: 0 auto; } "
             ".xs-table td, .xs-table th { padding: 1px 4px; } .xs-cards { gap: 3px; margin: 2px 0; } "
             ".xs-card { padding: 1px 5px; min-width: 0; } .xs-label { font-size: 9px; } .xs-value { font-size: 11px; } }")
