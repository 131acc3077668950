"""The workshop dashboard: choose a consultation design, run it, compare two designs.

Used by ``notebooks/01_parking_workshop.ipynb`` and served without code by
``xieshang workshop`` (Voilà). Controls map to ``--set`` overrides, so the page
and the command line run exactly the same model.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from pathlib import Path

import ipywidgets as widgets
import pandas as pd
from IPython.display import display

from ..consultation.runs import Run, run
from ..files import write_folder
from ..i18n import BilingualError, Text, check_lang, listing, term, terms
from ..scenario import Scenario, load, resolve
from ..scenario.base import CONSENSUS_RULES, FORMS, SELECTION_RULES
from . import comparison, legal, plots
from .exports import MAX_EXPORTS, export_root, write_new_folder
from .handout import CSS, audit_html, handout, summary_html
from .plots import png
from .record import WORDS as RECORD
from .record import save_record
from .safely import safely
from .text import TEXT

#: What each number control accepts (TEXT key of its name, lowest, highest), checked here and not
#: only by the widget, whose bounds a page's client can change.
LIMITS = {"notice": ("notice", 0, 30), "rounds": ("rounds", 1, 6), "seed": ("seed", 0, 2**31 - 1),
          "compare_seeds": ("seeds", 1, 200)}
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
        sep = Text("；", "; ")(lang)
        actions = terms(self.actions, lang)
        return sep.join([
            term(self.selection, lang), term(self.form, lang), TEXT["notice_n"](lang, n=self.notice),
            TEXT["rounds_n"](lang, n=self.rounds), term(self.consensus, lang), TEXT["actions_n"](lang, actions=actions),
        ])


class Dashboard:
    """The workshop page: controls and buttons, a run's results, and a comparison of two designs.

    >>> Dashboard("parking")  # doctest: +SKIP
    """

    max_exports = MAX_EXPORTS

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
        self.exported: list[Path] = []  # the folders this page exported to
        p = self.scenario.procedure
        t = lambda key: TEXT[key](lang)  # noqa: E731
        wide = {"description_width": "initial"}
        layout = widgets.Layout(width="auto")

        def choices(values):
            return [(term(v, lang), v) for v in values]

        def bounds(name):
            return dict(zip(("min", "max"), LIMITS[name][1:]))

        self.selection = widgets.Dropdown(options=choices(SELECTION_RULES), value=p.selection.rule,
                                          description=t("selection"), style=wide, layout=layout)
        self.form = widgets.Dropdown(options=choices(FORMS), value=p.form.mode, description=t("form"),
                                     style=wide, layout=layout)
        self.notice = widgets.IntSlider(value=p.form.notice_days, **bounds("notice"), description=t("notice"), style=wide)
        self.rounds = widgets.IntSlider(value=p.rounds.max, **bounds("rounds"), description=t("rounds"), style=wide)
        self.consensus = widgets.Dropdown(options=choices(CONSENSUS_RULES), value=p.consensus.rule,
                                          description=t("consensus"), style=wide, layout=layout)
        self.actions = Checkboxes(choices(p.actions()), tuple(p.rounds.between), t("actions"))
        self.seed = widgets.BoundedIntText(value=0, **bounds("seed"), description=t("seed"), style=wide)
        self.compare_seeds = widgets.IntSlider(value=seeds, **bounds("compare_seeds"), description=t("seeds"), style=wide)
        fit = widgets.Layout(width="auto")
        self.run_button = widgets.Button(description=t("run"), button_style="primary", layout=fit)
        self.keep_button = widgets.Button(description=t("keep"), layout=fit)
        self.compare_button = widgets.Button(description=t("compare"), layout=fit)
        self.export_button = widgets.Button(description=t("export"), layout=fit)
        self.record_button = widgets.Button(description=RECORD["button"](lang), layout=fit)
        for name in ("selection", "form", "notice", "rounds", "consensus", "actions", "seed", "compare_seeds",
                     "run_button", "keep_button", "compare_button", "export_button", "record_button"):
            getattr(self, name).add_class(f"xs-{name.replace('_', '-')}")
        self.run_button.on_click(self._safely(self.run))
        self.keep_button.on_click(self._safely(self.keep))
        self.compare_button.on_click(self._safely(self.compare))
        self.export_button.on_click(self._safely(self.export))
        self.record_button.on_click(self._safely(self.record))
        for control in (self.selection, self.form, self.notice, self.rounds, self.consensus, self.seed,
                        *self.actions.boxes.values()):
            control.observe(self._mark_stale, names="value")

        self.summary = widgets.HTML().add_class("xs-summary")
        self.run_label = widgets.HTML().add_class("xs-run-label")  # the design and seed the cards describe
        self.stale = widgets.HTML(f"<p class='xs-stale'>{t('stale')}</p>", layout=widgets.Layout(display="none"))
        self.message = widgets.HTML().add_class("xs-message")
        self.charts = {key: widgets.Image(format="png", layout=widgets.Layout(width="100%")).add_class(f"xs-chart-{key}")
                       for key in ("stances", "groups", "trajectory", "vote")}
        self.audit = widgets.HTML().add_class("xs-audit")
        self.vote = widgets.HTML().add_class("xs-vote")  # the table recommends, the body decides: above the vote's chart
        # no picture, no image: an empty one shows as a broken-image icon
        self.comparison_chart = widgets.Image(format="png", layout=widgets.Layout(width="100%", display="none"))
        self.comparison_chart.add_class("xs-chart-compare")
        self.comparison_table = widgets.HTML(f"<p>{t('compare_hint')}</p>").add_class("xs-compare")
        tabs = {"tab_stances": self.charts["stances"], "tab_groups": self.charts["groups"],
                "tab_trajectory": self.charts["trajectory"], "tab_vote": widgets.VBox([self.vote, self.charts["vote"]]),
                "tab_audit": self.audit, "tab_compare": widgets.VBox([self.comparison_table, self.comparison_chart])}
        self.tabs = widgets.Tab(children=list(tabs.values()), titles=[t(key) for key in tabs])
        controls = widgets.VBox([self.selection, self.form, self.notice, self.rounds, self.consensus, self.actions,
                                 self.seed], layout=widgets.Layout(min_width="330px"))
        # the buttons first, so that they show on a 1024×768 screen without scrolling
        buttons = widgets.HBox([self.run_button, self.keep_button, self.compare_seeds, self.compare_button, self.export_button,
                                self.record_button],
                               layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        heading = widgets.HTML(f"<style>{CSS}</style><h2>{html.escape(TEXT["heading"](lang, title=self.scenario.title(lang)))}"
                               f"</h2><p>{t('intro')}</p>")
        self.widget = widgets.VBox([
            heading, buttons, self.message,
            widgets.HBox([controls, widgets.VBox([self.stale, self.run_label, self.summary, self.tabs],
                                                 layout=widgets.Layout(flex="1"))]),
        ]).add_class("xs-dashboard")
        self.run()

    def _ipython_display_(self):
        display(self.widget)

    def _safely(self, action):
        """A handler that shows errors as a sentence, never a traceback."""
        return safely(self, lambda *_: action(), TEXT["error"])

    def _mark_stale(self, _change=None) -> None:
        """Say so above the cards, and grey them, while the controls show another design than they describe."""
        stale = self.ran is not None and self.ran != (self.design, self.seed.value)
        self.stale.layout.display = None if stale else "none"
        (self.summary.add_class if stale else self.summary.remove_class)("xs-stale-cards")

    def _checked(self, name: str) -> int:
        """A number control's value, refused with a clear message outside what the page accepts."""
        key, low, high = LIMITS[name]
        value = getattr(self, name).value
        if not low <= value <= high:
            zh, en = (TEXT["out_of_range"](lang, name=TEXT[key](lang), low=low, high=high, value=value) for lang in ("zh", "en"))
            raise BilingualError(zh, en)
        return value

    @property
    def design(self) -> Design:
        """The design the controls show now."""
        return Design(self.selection.value, self.form.value, self.notice.value, self.rounds.value,
                      self.consensus.value, tuple(self.actions.value))

    def run(self) -> Run:
        """Run the current design with the chosen seed and show the results."""
        self._checked("notice"), self._checked("rounds")
        design, seed = self.design, self._checked("seed")
        self.result = result = run(self.scenario, seed, design.overrides(), lang=self.lang)
        self.ran = design, seed
        self.message.value = ""  # an earlier message (an export's link, an error) is about another run
        draw = {"stances": plots.stance_distribution, "groups": plots.groups, "trajectory": plots.trajectory,
                "vote": plots.vote}
        for key, chart in draw.items():
            self.figures[key] = figure = chart(result, lang=self.lang, preset=self.preset)
            self.charts[key].value = png(figure)
        self.summary.value = summary_html(result, self.lang)
        self.run_label.value = f"<p>{html.escape(TEXT['run_heading'](self.lang, design=design.describe(self.lang), seed=seed))}</p>"
        self.audit.value = audit_html(result.summary["audit"], self.lang)
        self.vote.value = legal.vote_html(result, self.lang)
        self._mark_stale()
        return result

    def keep(self) -> Design:
        """Remember the current design as design A."""
        self.kept = self.design
        self.message.value = f"<p>{html.escape(TEXT["kept"](self.lang, design=self.kept.describe(self.lang)))}</p>"
        return self.kept

    def compare(self) -> pd.DataFrame:
        """Run design A and the current design on the same seeds and show both; the cards show the
        current design too, so that cards and comparison describe the same design."""
        if self.kept is None:
            self.message.value = f"<p class='xs-error'>{TEXT["need_a"](self.lang)}</p>"
            return pd.DataFrame()
        lang, seeds = self.lang, self._checked("compare_seeds")
        self.run()
        designs = {TEXT["design_a"](lang): self.kept, TEXT["design_b"](lang): self.design}
        self.comparison = table = comparison.compare(self.scenario, designs, seeds, lang)
        self.compared = designs
        self.figures["compare"] = figure = comparison.chart(table, lang, self.preset)
        self.comparison_chart.value = png(figure)
        self.comparison_chart.layout.display = None
        self.comparison_table.value = comparison.comparison_html(table, designs, lang, self.scenario.option_names(lang))
        self.tabs.selected_index = len(self.tabs.children) - 1  # show the comparison
        return table

    def export(self, folder: str | Path | None = None) -> list[Path]:
        """Save the charts as PNG and a one-page HTML handout, in a new folder under :func:`export_root`
        (or in ``folder``); say where, and offer the handout for download."""
        if len(self.exported) >= self.max_exports:
            self.message.value = f"<p class='xs-error'>{TEXT['too_many_exports'](self.lang, n=len(self.exported))}</p>"
            return []
        page = handout(self, self.lang)
        files = {f"{key}.png": png(figure, dpi=150) for key, figure in self.figures.items()}
        files["handout.html"] = page.encode("utf-8")
        written = write_folder(Path(folder), files) if folder else write_new_folder(export_root(), files)
        self.exported.append(written[0].parent)
        link = base64.b64encode(files["handout.html"]).decode()
        self.message.value = (
            f"<p>{html.escape(TEXT["exported"](self.lang, folder=str(written[0].parent.resolve())))} "
            f"{html.escape(listing((p.name for p in written), self.lang))}</p>"
            f"<p><a class='xs-download' download='handout.html' href='data:text/html;base64,{link}'>"
            f"{TEXT["download"](self.lang)}</a></p>")
        return written

    def record(self, folder: str | Path | None = None) -> list[Path]:
        """Save the shown run's 协商记录 (Word and a printable page) in a new folder under
        :func:`export_root` (or in ``folder``), and offer both for download."""
        if len(self.exported) >= self.max_exports:
            self.message.value = f"<p class='xs-error'>{TEXT['too_many_exports'](self.lang, n=len(self.exported))}</p>"
            return []
        written, self.message.value = save_record(self.result, self.lang, folder)
        self.exported.append(written[0].parent)
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
