"""The trainer's form for the class's result (课堂结果与模型对照): after a role-play, enter what the class
decided, press 比较, and see where the class stood among the model's runs of the same design.

The domain (the entry, the runs, the placement, the law) is :mod:`simulator.roleplay.classroom`; this
module only asks and shows, and draws the one chart.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
from IPython.display import display
from matplotlib.figure import Figure

from ..consultation.runs import scenario_of
from ..i18n import check_lang, texts
from ..roleplay.classroom import ClassResult, group_names, model_runs, option_name, place, seed_list, tally_from
from ..roleplay.classroom_text import TABLE
from . import plots
from .handout import CSS
from .safely import safely

WORDS = texts({
    "heading": ("课堂结果与模型对照 · {title}", "The class's result against the model · {title}"),
    "intro": ("角色扮演结束后，填写全班的决定，点“比较”：沙盘把同一设计运行多次，说明你们班处在什么位置、哪里不同。",
              "After the role-play, enter what the class decided and press “Compare”: the same design is run many "
              "times, and the page says where your class stood and what differed."),
    "option": ("选定的方案", "Option adopted"),
    "rounds": ("协商轮次", "Rounds held"),
    "vote": ("表决", "Vote"),
    "no_vote": ("没有表决", "no vote"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "tally": ("票数（同意/应到，可不填）", "Tally (yes/entitled, optional)"),
    "objected": ("提出反对的群体", "Groups that objected"),
    "seeds": ("模型运行次数", "Runs of the model"),
    "compare": ("比较", "Compare"),
    "working": ("正在运行模型 {n} 次……", "Running the model {n} times…"),
    "error": ("出错了：{message}", "Something is wrong: {message}"),
    "chart_title": ("你们班的结果在模型 {n} 次运行中的位置", "Your class among {n} runs of the model"),
    "options_axis": ("得到该结果的运行比例", "share of runs ending so"),
    "rounds_axis": ("运行比例", "share of runs"),
    "rounds_label": ("协商轮次", "rounds"),
    "yours": ("你们班", "your class"),
})

PAGE_CSS = (".xs-classroom { font-size: 16px; } .xs-classroom .widget-label, .xs-classroom .widget-readout { font-size: 15px; } "
            ".xs-classroom table, .xs-classroom td, .xs-classroom th, .xs-classroom li { font-size: 15px !important; }")


def chart(placement, lang: str = "zh", preset: str = "projector") -> Figure:
    """Two panels: how often the model reaches each outcome, and how many rounds its runs need; the
    class's outcome and rounds marked."""
    w = lambda key, **v: WORDS[key](lang, **v)  # noqa: E731
    p, mine = placement, placement.result
    shares = p.options()
    rounds = {mine.rounds: 0.0, **p.rounds()}
    keys = sorted(rounds)
    with plots._chart(preset, 1, 2, width_ratios=[3, 2]) as (fig, (left, right)):
        mark, other = plots.COLOURS[1], plots.COLOURS[0]
        labels = [plots._wrap(option_name(p.spec, k)(lang), 8) for k in shares]
        left.barh(range(len(shares)), list(shares.values()), height=0.6,
                  color=[mark if k == mine.option else other for k in shares])
        left.set_yticks(range(len(shares)), labels)
        left.invert_yaxis()
        left.set_xlim(0, 1.05)
        left.xaxis.set_major_formatter(plots.percent())
        left.set_xlabel(w("options_axis"))
        left.set_title(TABLE["options"](lang))
        left.grid(axis="y", visible=False)
        at = list(shares).index(mine.option)
        left.annotate(f"◀ {w('yours')}", (shares[mine.option], at), xytext=(8, 0), textcoords="offset points",
                      va="center", color=mark)
        right.bar(range(len(keys)), [rounds[k] for k in keys], width=0.6,
                  color=[mark if k == mine.rounds else other for k in keys])
        right.set_xticks(range(len(keys)), [str(k) for k in keys])
        right.set_ylim(0, 1.15)
        right.yaxis.set_major_formatter(plots.percent())
        right.set_xlabel(w("rounds_label"))
        right.set_ylabel(w("rounds_axis"))
        right.set_title(TABLE["rounds"](lang))
        right.grid(axis="x", visible=False)
        i = keys.index(mine.rounds)
        right.annotate(w("yours"), (i, rounds[mine.rounds]), xytext=(0, 8), textcoords="offset points",
                       ha="center", color=mark)
        fig.suptitle(w("chart_title", n=p.n), fontsize=plots.plt.rcParams["axes.titlesize"])
    return fig


class ClassForm:
    """The form: the class's option, rounds, vote, tally and objecting groups; 比较; the sentences, the
    table and the chart.

    >>> ClassForm("parking")  # doctest: +SKIP
    """

    def __init__(self, scenario="parking", lang: str = "zh", seeds: int = 200, overrides=(), preset: str = "screen"):
        self.lang, self.preset = check_lang(lang), preset
        self.spec = scenario_of(scenario, overrides)
        self.placement = None
        self._runs: dict[tuple, object] = {}  # the model's runs, by seeds: computed once per page
        wide, fit = {"description_width": "initial"}, widgets.Layout(width="auto")
        self.language = widgets.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=self.lang)
        self.heading = widgets.HTML()
        self.option = widgets.Dropdown(style=wide, layout=fit).add_class("xs-class-option")
        self.rounds = widgets.IntText(value=1, style=wide, layout=widgets.Layout(width="14em")).add_class("xs-class-rounds")
        self.vote = widgets.ToggleButtons(style=wide).add_class("xs-class-vote")
        self.tally = widgets.Text(placeholder="18/30", style=wide, layout=widgets.Layout(width="22em")).add_class("xs-class-tally")
        self.objected_label = widgets.Label()
        self.boxes = {g: widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(width="auto", margin="0"))
                      for g in group_names(self.spec)}
        self.seeds = widgets.IntText(value=seeds, style=wide, layout=widgets.Layout(width="14em")).add_class("xs-class-seeds")
        self.compare_button = widgets.Button(button_style="primary", layout=fit).add_class("xs-class-compare")
        self.message = widgets.HTML().add_class("xs-message")
        self.sentences = widgets.HTML().add_class("xs-class-sentences")
        self.table = widgets.HTML().add_class("xs-class-table")
        self.picture = widgets.Image(format="png", layout=widgets.Layout(width="100%", display="none"))
        self.picture.add_class("xs-class-chart")
        self.figure: Figure | None = None
        self.compare_button.on_click(self._safely(self.compare))
        self.language.observe(self._safely(self._switch), names="value")
        ticks = widgets.VBox(list(self.boxes.values()), layout=widgets.Layout(margin="0 0 0 1em"))
        self.widget = widgets.VBox([
            widgets.HTML(f"<style>{CSS}{PAGE_CSS}</style>"), self.language, self.heading, self.option, self.rounds, self.vote,
            self.tally, self.objected_label, ticks, self.seeds, self.compare_button, self.message, self.sentences,
            self.picture, self.table,
        ], layout=widgets.Layout(width="100%", max_width="980px")).add_class("xs-classroom")
        self._label()

    def _ipython_display_(self):
        display(self.widget)

    def _safely(self, action):
        """A handler that shows errors as a sentence, never a traceback."""
        return safely(self, action, WORDS["error"])

    def _label(self) -> None:
        """Every label in the chosen language (the entries stay as they are)."""
        lang, w = self.lang, lambda key, **v: WORDS[key](self.lang, **v)  # noqa: E731
        self.heading.value = f"<h2>{html.escape(w('heading', title=self.spec.title(lang)))}</h2><p>{html.escape(w('intro'))}</p>"
        chosen = self.option.value
        self.option.options = [(option_name(self.spec, o)(lang), o or "none") for o in [*self.spec.option_ids(), None]]
        self.option.value = chosen if chosen is not None else self.spec.option_ids()[0]
        self.option.description, self.rounds.description = w("option"), w("rounds")
        voted = self.vote.value
        self.vote.options = [(w("no_vote"), ""), (w("passed"), "passed"), (w("failed"), "failed")]
        self.vote.value = voted if voted is not None else ""
        self.vote.description, self.tally.description = w("vote"), w("tally")
        self.objected_label.value = w("objected")
        for g, name in group_names(self.spec).items():
            self.boxes[g].description = name(lang)
        self.seeds.description, self.compare_button.description = w("seeds"), w("compare")

    def entered(self) -> ClassResult:
        """The class's result as entered (a bilingual error names a wrong field)."""
        objected = tuple(g for g, box in self.boxes.items() if box.value)
        return ClassResult(self.option.value, self.rounds.value, self.vote.value or None, tally_from(self.tally.value),
                           objected).check(self.spec)

    def compare(self, *_args) -> None:
        """Place the entered result among the model's runs and show it."""
        result, seeds = self.entered(), seed_list(self.seeds.value)
        self.message.value = f"<p class='xs-note'>{html.escape(WORDS['working'](self.lang, n=len(seeds)))}</p>"
        key = tuple(seeds)
        if key not in self._runs:
            self._runs[key] = model_runs(self.spec, seeds)
        self.placement = place(self.spec, result, seeds, lang=self.lang, runs=self._runs[key])
        self.message.value = ""
        self.show()

    def show(self) -> None:
        """The sentences, the chart and the table of the last comparison, in the chosen language."""
        p, lang = self.placement, self.lang
        if p is None:
            return
        items = "".join(f"<li>{html.escape(s(lang))}</li>" for s in p.sentences)
        self.sentences.value = f"<ul class='xs-class-said'>{items}</ul>"
        frame = p.table(lang)
        head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
        rows = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                       for row in frame.itertuples(index=False))
        self.table.value = (f"<h3>{html.escape(TABLE['groups'](lang))}</h3><table class='xs-table'><tr>{head}</tr>{rows}</table>"
                            f"<p class='xs-note'>{html.escape(TABLE['definition'](lang))}</p>")
        self.figure = chart(p, lang, self.preset)
        self.picture.value = plots.png(self.figure)
        self.picture.layout.display = None

    def _switch(self, change) -> None:
        self.lang = change["new"]
        self._label()
        self.show()

