"""The practice seat's page: a community worker convenes a simulated consultation one decision at a
time, sees what a convener would see after each round, and gets a debrief at the end.

Served without code by ``xieshang practice`` (Voilà). The domain (the session, its points, what is
seen, the debrief, the comparison) is :mod:`simulator.practice`; this module only shows it.
"""

from __future__ import annotations

import html
import re
import tempfile
from datetime import datetime
from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

from ..i18n import BilingualError, check_lang
from .exports import export_root
from .practice_view import CSS, MAX_UPLOAD, TEXT, bad_file, debrief_html, say, seen_html, table, timeline_html
from .record import WORDS as RECORD
from .record import save_record
from .safely import safely

SEEDS = 20  # the debrief's seeds: the same for every path


class Practice:
    """The practice page for one person.

    >>> Practice("parking", seed=3)  # doctest: +SKIP
    """

    def __init__(self, scenario="parking", seed: int = 0, lang: str = "zh", trainee: str = "", seeds: int = SEEDS):
        from ..practice import Session

        self.lang, self.seeds, self.scenario = check_lang(lang), seeds, scenario
        self.session = Session.start(scenario, seed=seed, lang=lang, trainee=trainee)
        self.debrief = None
        self.inputs: dict = {}
        fit = widgets.Layout(width="auto")
        self.heading = widgets.HTML()
        self.language = widgets.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=self.lang)
        self.trainee = widgets.Text(value=trainee, layout=widgets.Layout(width="12em"))
        self.trainee_label = widgets.Label()
        self.point_title = widgets.HTML().add_class("xs-point")
        self.fields = widgets.VBox().add_class("xs-fields")
        self.next_button = widgets.Button(button_style="primary", layout=widgets.Layout(width="14em")).add_class("xs-next")
        self.restart_button = widgets.Button(layout=fit).add_class("xs-restart")
        self.message = widgets.HTML().add_class("xs-message")
        self.seen = widgets.HTML().add_class("xs-seen-box")
        self.timeline = widgets.HTML().add_class("xs-timeline-box")
        self.outcome = widgets.HTML().add_class("xs-outcome")
        self.report = widgets.HTML().add_class("xs-report")
        self.save_button = widgets.Button(layout=fit).add_class("xs-save")
        self.record_button = widgets.Button(layout=widgets.Layout(width="auto")).add_class("xs-record-button")  # its own layout: it hides
        self.upload = widgets.FileUpload(accept=".json", multiple=False, layout=fit).add_class("xs-open")
        self.files = widgets.FileUpload(accept=".json", multiple=True, layout=fit).add_class("xs-compare-files")
        self.trainer_hint = widgets.HTML()
        self.comparison = widgets.HTML().add_class("xs-comparison")
        self.trainer = widgets.Accordion(children=[widgets.VBox([self.trainer_hint, self.files, self.comparison])])
        self.trainer.add_class("xs-trainer")
        self.next_button.on_click(self._safely(self.next))
        self.restart_button.on_click(self._safely(self.restart))
        self.save_button.on_click(self._safely(self.save))
        self.record_button.on_click(self._safely(self.record))
        self.upload.observe(self._safely(self._opened), names="value")
        self.files.observe(self._safely(self._compare_uploaded), names="value")
        self.language.observe(self._safely(self._switch), names="value")
        bar = widgets.HBox([self.language, self.trainee_label, self.trainee],
                           layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        files = widgets.HBox([self.save_button, self.record_button, self.upload, self.restart_button],
                             layout=widgets.Layout(flex_flow="row wrap", align_items="center"))
        self.widget = widgets.VBox([
            widgets.HTML(f"<style>{CSS}</style>"), self.heading, bar, files, self.message,
            self.point_title, self.seen, self.fields, self.next_button, self.outcome, self.report,
            self.timeline, self.trainer,
        ], layout=widgets.Layout(width="100%", max_width="980px")).add_class("xs-practice")
        self.show()

    def _ipython_display_(self):
        display(self.widget)

    def _safely(self, action):
        """A handler that shows errors as a sentence, never a traceback."""
        return safely(self, action, TEXT["error"])

    # --- showing the session ---------------------------------------------------------------

    def show(self) -> None:
        """Show the session as it stands, in the chosen language."""
        lang, s = self.lang, self.session
        t = lambda key, **v: TEXT[key](lang, **v)  # noqa: E731
        self.heading.value = f"<h2>{html.escape(t('heading', title=s.spec.title(lang)))}</h2><p>{t('intro')}</p>"
        self.trainee_label.value = t("trainee")
        self.next_button.description, self.restart_button.description = t("next"), t("restart")
        self.save_button.description, self.upload.description = t("save"), t("open")
        self.record_button.description = RECORD["button"](lang)
        self.files.description, self.trainer_hint.value = t("compare_files"), f"<p>{t('trainer_hint')}</p>"
        self.trainer.set_title(0, t("trainer"))
        self.timeline.value = timeline_html(s, lang)
        self.seen.value = seen_html(s.seen, lang)
        done = s.finished
        self.record_button.layout.display = None if done else "none"  # a record of a finished consultation
        self.next_button.layout.display = "none" if done else None
        self.fields.layout.display = "none" if done else None
        if done:
            self.point_title.value = f"<p class='xs-point-title'>{t('finished')}</p>"
            self.outcome.value = self._outcome()
            if self.debrief is None:
                self.report.value = f"<p class='xs-note xs-working'>{html.escape(t('working', n=self.seeds))}</p>"
                self.debrief = s.debrief(seeds=self.seeds)
            self.report.value = debrief_html(self.debrief, self.seeds, lang)
            return
        p = s.point
        when = t("when_round", day=f"{p.day:.0f}", round=p.round) if p.round else t("when", day=f"{p.day:.0f}")
        self.point_title.value = (f"<p class='xs-when'>{html.escape(when)}</p>"
                                  f"<p class='xs-point-title xs-kind-{p.kind}'>{html.escape(say(p.title, lang))}</p>")
        self.outcome.value = self.report.value = ""
        self._fields(p)

    def _fields(self, point) -> None:
        """One control per field of the point, with its label and a help line citing the norms."""
        lang, kept = self.lang, {name: w.value for name, w in self.inputs.items()}
        self.inputs, rows = {}, []
        for f in point.fields:
            value = kept.get(f.name, f.default)
            self.inputs[f.name] = control = _control(f, value, lang)
            control.add_class(f"xs-field-{f.name}")
            rows += [widgets.HTML(f"<b>{html.escape(say(f.label, lang))}</b>"), control,
                     widgets.HTML(f"<p class='xs-help'>{html.escape(say(f.help, lang))}</p>")]
        self.fields.children = rows

    def _outcome(self) -> str:
        """The person's run: the same cards as the workshop page, and the run's text."""
        from .handout import summary_html

        return f"<h3>{TEXT['result'](self.lang)}</h3>{summary_html(self.session.result, self.lang)}"

    # --- actions ---------------------------------------------------------------------------

    def next(self, _button=None) -> None:
        """Take the choices shown and go to the next decision point (or the debrief)."""
        values = {name: (list(w.value) if isinstance(w.value, tuple) else w.value) for name, w in self.inputs.items()}
        self.session.choose(values)
        self.message.value = ""
        self.inputs = {}  # the next point's fields start from their defaults
        self.show()

    def restart(self, _button=None) -> None:
        from ..practice import Session

        s = self.session
        self.session = Session.start(self.scenario, seed=s.seed, lang=self.lang, trainee=self.trainee.value)
        self.debrief, self.inputs, self.message.value = None, {}, ""
        self.show()

    def save(self, _button=None, folder: Path | None = None) -> Path:
        """Save the session as a new file in the export folder and say its name."""
        self.session.trainee = self.trainee.value.strip()
        folder = Path(folder) if folder else export_root()
        folder.mkdir(parents=True, exist_ok=True)
        who = re.sub(r"[^\w-]", "", self.session.trainee)[:20]
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        for n in range(1, 1000):
            path = folder / f"practice-{who + '-' if who else ''}{stamp}{'' if n == 1 else f'-{n}'}.json"
            if not path.exists():
                break
        self.session.save(path)
        self.message.value = f"<p class='xs-saved'>{html.escape(TEXT['saved'](self.lang, folder=str(folder), file=path.name))}</p>"
        return path

    def record(self, _button=None, folder: Path | None = None) -> list[Path]:
        """Save the finished session's 协商记录 (Word and a printable page), the trainee as convener, and
        offer both for download."""
        self.session.trainee = self.trainee.value.strip()
        written, self.message.value = save_record(self.session.result, self.lang, folder, session=self.session)
        return written

    def open(self, path: Path) -> None:
        """Continue (or review) a saved session."""
        from ..practice import Session

        self.session = Session.open(path)
        self.session.lang = self.lang  # shown in the page's language, whatever the file's
        self.trainee.value = getattr(self.session, "trainee", "") or ""
        self.debrief, self.inputs = None, {}
        self.message.value = f"<p>{html.escape(TEXT['opened'](self.lang, file=Path(path).name))}</p>"
        self.show()

    def compare(self, paths: list[Path]) -> None:
        """The trainer's view: several saved sessions side by side (bad files are named, the rest compared)."""
        from ..practice import Session, compare

        sessions, problems = [], []
        for path in paths:
            try:
                sessions.append(Session.open(path))
            except Exception as error:  # a bad file is a message, never a traceback
                problems.append(bad_file(Path(path).name, error))
        shown = table(compare(sessions), self.lang, "xs-compare") if sessions else ""
        note = f"<p>{TEXT['compared'](self.lang, n=len(sessions))}</p>" if sessions else ""
        self.comparison.value = "".join(problems) + note + shown

    # --- uploads and language ---------------------------------------------------------------

    def _opened(self, change) -> None:
        if not change["new"]:
            return
        with tempfile.TemporaryDirectory() as folder:
            [(path, error)] = _stored(change["new"], Path(folder))
            if error is not None:
                self.message.value = bad_file(path.name, error)
                return
            try:
                self.open(path)
            except Exception as error:  # noqa: BLE001 - any unreadable file is a message
                self.message.value = bad_file(path.name, error)

    def _compare_uploaded(self, change) -> None:
        if not change["new"]:
            return
        with tempfile.TemporaryDirectory() as folder:
            stored = _stored(change["new"], Path(folder))
            self.compare([path for path, error in stored if error is None])
            self.comparison.value = "".join(bad_file(p.name, e) for p, e in stored if e is not None) + self.comparison.value

    def _switch(self, change) -> None:
        self.lang = self.session.lang = change["new"]  # the session's tables (who came, who spoke) follow
        self.show()


def _stored(uploads, folder: Path) -> list[tuple[Path, Exception | None]]:
    """Each uploaded file written to ``folder`` under a safe name (or why it was refused)."""
    out = []
    for i, upload in enumerate(uploads):
        name = re.sub(r"[^\w.\-]", "_", Path(str(upload["name"])).name)[:80] or "upload.json"
        path = folder / f"{i}" / name
        path.parent.mkdir()
        data = bytes(upload["content"])
        if len(data) > MAX_UPLOAD:
            out.append((path, OverflowError(len(data))))
            continue
        path.write_bytes(data)
        out.append((path, None))
    return out


def _control(field, value, lang: str):
    """The widget for one field: a list, tick boxes, a number or yes/no."""
    options = [(say(label, lang), v) for v, label in field.options]
    if field.kind == "one":
        return widgets.RadioButtons(options=options, value=value, layout=widgets.Layout(width="auto"))
    if field.kind == "many":
        return Ticks(options, tuple(value or ()))
    if field.kind == "yesno":
        return widgets.ToggleButtons(options=[(say(True, lang), True), (say(False, lang), False)], value=bool(value))
    if field.kind == "number":
        kind = widgets.BoundedIntText if isinstance(field.default, int) else widgets.BoundedFloatText
        return kind(value=value, min=field.min, max=field.max, layout=widgets.Layout(width="8em"))
    raise BilingualError(f"未知的字段类型：{field.kind}", f"unknown field kind: {field.kind}")


class Ticks(widgets.VBox):
    """Several choices as tick boxes; ``value`` is the tuple of ticked values, in the options' order."""

    def __init__(self, options: list[tuple[str, str]], value: tuple):
        self.boxes = {v: widgets.Checkbox(value=v in value, description=label, indent=False,
                                          layout=widgets.Layout(width="auto", margin="0"))
                      for label, v in options}
        super().__init__(list(self.boxes.values()))

    @property
    def value(self) -> tuple:
        return tuple(v for v, box in self.boxes.items() if box.value)
