"""The consultation record (协商记录, Art. 11 "有记录") of a run or a practice session, laid out as community
records are kept: the form's head (matter, catalogue entry, convener, time, place, form, notice), the
participants by group and organisation, each round (:mod:`.record_rounds`), the result, the vote with its
tally and legal reasoning, publication, the explanation to dissenters, supervision and implementation,
blank lines to sign; the audit in an annex. Every fact comes from the run; the model counts days from the
start of the consultation, so the record does too (it never invents a calendar date)."""

from __future__ import annotations

import numpy as np

from ..consultation.procedure import notice_days
from ..i18n import Text, listing, term, terms, yes_no
from ..law import BODIES, MATTER_TABLE
from ..practice.seen import names
from ..scenario import catalogue as catalogues
from ..scenario.reference import VALUES
from ..scenario.shipped import scenarios_dir
from .blocks import Document, Fields, Heading, Items, Paragraph, Table
from .record_rounds import Record, choices, process
from .record_text import COLUMNS, HEADS, LABELS, SAY, section


def consultation_record(run, lang: str | None = None, session=None) -> Document:
    """The 协商记录 of a finished run (``simulator.run(...)``) in ``lang`` (the run's by default); with a
    practice ``session`` (whose result ``run`` is), the convener's choices appear where they were made."""
    r = Record(run, lang or run.lang, session)
    parts = [("basic", _basic), ("people", _people), ("process", process), ("result", _result), ("vote", _vote),
             ("publication", _publication), ("explain", _explain), ("supervision", _supervision), ("sign", _sign)]
    blocks, n = [], 0
    for key, part in parts:
        body = part(r)
        if body:
            n += 1
            blocks += [Heading(section(n, HEADS[key])(r.lang)), *body]
    blocks += [Heading(HEADS["audit"](r.lang)), *_audit(r)]
    spec = r.spec
    return Document(title=HEADS["title"](r.lang), subtitle=spec.title(r.lang), blocks=tuple(blocks), lang=r.lang,
                    footer=SAY["footer"](r.lang, id=spec.id, seed="-" if run.seed is None else run.seed),
                    meta={"scenario": spec.id, "seed": run.seed})


def _basic(r: Record) -> list:
    spec, p, lang, m = r.spec, r.spec.procedure, r.lang, r.model
    topic = r.stage("topic")
    rows = [(LABELS["matter"](lang), spec.title(lang)), (LABELS["about"](lang), spec.summary(lang)),
            (LABELS["topic"](lang), VALUES[spec.issue.topic](lang)), (LABELS["catalogue"](lang), _catalogue(spec, lang)),
            (LABELS["convener"](lang), _convener(r)), (LABELS["chair"](lang), _chair(spec, lang)),
            (LABELS["rules"](lang), _rules(spec, lang))]
    if topic is not None:
        rows.append((LABELS["collect"](lang), SAY["collect"](lang, day=r.day(topic.day), channels=terms(topic.detail["channels"], lang),
                                                              heard=topic.detail["share_heard"])))
        if topic.detail.get("proposals"):
            said = Text("{o}（{t}）", "{o} ({t})")
            rows.append((LABELS["proposals"](lang), listing([said(lang, o=r.option(o), t=SAY["tabled" if t else "unheard"](lang))
                                                             for o, t in topic.detail["proposals"].items()], lang)))
    seated = r.stage("participants")
    if seated is not None:
        rule = term(p.selection.rule, lang)
        rows.append((LABELS["selection"](lang), rule if p.selection.rule == "all_affected" else SAY["seats"](lang, rule=rule, size=p.selection.size)))
    form = p.form
    mode = term(form.mode, lang)
    rows.append((LABELS["form"](lang), mode if form.mode == "offline" else SAY["online"](lang, mode=mode, offline=yes_no(form.offline_channel, lang))))
    meetings = [s.day for s in r.stages("round")]
    days = Text("、", ", ")(lang).join(f"{d:g}" for d in meetings)
    rows.append((LABELS["time"](lang), SAY["when"](lang, days=SAY["days"](lang, days=days), time=VALUES[form.time](lang), hours=form.hours)
                 if meetings else SAY["no_meeting"](lang)))
    if meetings:
        rows.append((LABELS["place"](lang), _place(form, lang)))
    if seated is not None:
        notice = SAY["notice"](lang, day=r.day(seated.day), n=form.notice_days)
        if p.selection.rule == "open_call":
            notice += SAY["call"](lang, channels=terms(p.selection.call_channels, lang))
        rows.append((LABELS["notice"](lang), notice))
    support = _support(spec, lang)
    if support:
        rows.append((LABELS["support"](lang), support))
    out = [Fields(tuple(rows))]
    made = choices(r, ("topic", "participants", "form"))
    if made:
        out += [Paragraph(HEADS["choices"](lang)), Items(tuple(made))]
    return out


def _catalogue(spec, lang: str) -> str:
    ref = spec.issue.catalogue
    if ref is None:
        return SAY["unlisted"](lang)
    path = catalogues.find(ref.file, scenarios_dir())
    book = catalogues.load(path) if path is not None else None
    entry = book.entry(ref.entry) if book is not None else None
    if entry is None:  # a catalogue beside a scenario file elsewhere: its name and entry as the scenario gives them
        return f"{ref.file}：{ref.entry}" if lang == "zh" else f"{ref.file}: {ref.entry}"
    return SAY["catalogue"](lang, catalogue=book.name(lang), entry=entry.name(lang), level=Text(*catalogues.LEVEL_NAMES[entry.level])(lang),
                            first=SAY["first"](lang) if entry.consult_first else "", basis=entry.basis(lang))


def _convener(r: Record) -> str:
    convener = term(r.spec.procedure.convener, r.lang)
    if r.session is None:
        return convener
    return SAY["trainee"](r.lang, convener=convener, trainee=r.session.trainee or SAY["someone"](r.lang))


def _chair(spec, lang: str) -> str:
    rules = spec.procedure.rules_of_procedure
    return SAY["neutral" if rules.adopted and rules.neutral_chair else "convener_chairs"](lang)


def _rules(spec, lang: str) -> str:
    rules = spec.procedure.rules_of_procedure
    if not rules.adopted:
        return SAY["no_rules"](lang)
    if rules.max_turns is None:
        return SAY["rules_open"](lang, exchanges=rules.exchanges)
    return SAY["rules"](lang, turns=rules.max_turns, exchanges=rules.exchanges)


def _place(form, lang: str) -> str:
    venue = SAY["venue" if form.venue else "no_venue"](lang)
    if form.mode == "online":
        return SAY["online_place"](lang)
    return SAY["hybrid_place"](lang, venue=venue) if form.mode == "hybrid" else venue


def _support(spec, lang: str) -> str:
    s = spec.procedure.support
    items = [SAY["organisers"](lang, n=s.organisers)]
    if s.professional != "none":
        items.append(SAY["professional"](lang, who=term(s.professional, lang)))
    if s.allowance:
        items.append(SAY["allowance"](lang, n=s.allowance))
    if s.points:
        items.append(SAY["points"](lang, n=s.points))
    return Text("；", "; ")(lang).join(items)


def _people(r: Record) -> list:
    m, spec, lang = r.model, r.spec, r.lang
    if not len(m.invited) and not m.participants.any():
        return []
    people, labels, k = m.people, names(spec), len(m.people.who)
    invited = np.bincount(people.group[m.invited], minlength=k)
    took = np.bincount(people.group[m.participants], minlength=k)
    mandatory = set(spec.procedure.selection.mandatory)
    groups = len(spec.population.groups)
    rows = []
    for c in range(k):
        if not (invited[c] or took[c]):
            continue
        if c < groups:
            kind, note = SAY["household"](lang), ""
        else:
            org = spec.population.organisations[c - groups]
            kind = VALUES[org.kind](lang) if org.kind in VALUES else SAY["organisation"](lang)
            note = SAY["mandatory"](lang) if org.id in mandatory else ""
        rows.append((kind, labels[c](lang), str(invited[c]), str(took[c]), note))
    rows.append((SAY["total"](lang), "", str(int(invited.sum())), str(int(took.sum())), ""))
    header = tuple(COLUMNS[c](lang) for c in ("kind", "name", "invited", "took_part", "note"))
    return [Table(header, tuple(rows))]


def _result(r: Record) -> list:
    m, s, lang = r.model, r.summary, r.lang
    rows = []
    topic = r.stage("topic")
    if topic is not None and "direct" in topic.detail:
        rows.append((LABELS["outcome"](lang), SAY["direct"](lang, option=r.option(topic.detail["direct"]), day=r.day(topic.day))))
    elif m.consensus:
        rows.append((LABELS["outcome"](lang), SAY["agreed_on"](lang, option=r.option(s["proposal"]))))
    elif m.round:
        rows.append((LABELS["outcome"](lang), SAY["not_agreed"](lang, rounds=m.round, option=r.option(s["proposal"]))))
    rows.append((LABELS["decision"](lang), r.option(s["decision"]) if s["decision"] else SAY["none"](lang)))
    if m.decided_on is not None:
        rows.append((LABELS["decided_on"](lang), r.day(m.decided_on)))
    if s["decision"]:
        pct = lambda x: "-" if x is None else f"{x:.0%}"  # noqa: E731
        rows.append((LABELS["backing"](lang), SAY["backing"](lang, table=pct(s["support_participants"]), all=pct(s["support_population"]))))
    rows.append((LABELS["effort"](lang), SAY["effort"](lang, hours=s["person_hours"], yuan=s["cost_yuan"], meetings=s["meetings"])))
    return [Fields(tuple(rows))]


def _vote(r: Record) -> list:
    vote, lang, stage = r.summary["vote"], r.lang, r.stage("escalation")
    if not vote or stage is None:
        return []
    esc = r.spec.procedure.escalation
    rows = [(LABELS["body"](lang), BODIES[vote["body"]].name(lang)),
            (LABELS["vote_matter"](lang), f"“{r.option(stage.detail['proposal'])}”：{MATTER_TABLE[vote['matter']].name(lang)}" if lang == "zh"
             else f"“{r.option(stage.detail['proposal'])}”: {MATTER_TABLE[vote['matter']].name(lang)}"),
            (LABELS["vote_day"](lang), SAY["vote_day"](lang, day=r.day(stage.day), n=notice_days(esc, r.spec.norms.vote_notice_days))),
            (LABELS["verdict"](lang), SAY["passed" if vote["passed"] else "failed"](lang))]
    keys = ("yes", "no", "abstain", "absent", "entitled", "present")
    parts = [(v["village"], v["tally"], v["passed"]) for v in vote["villages"]] or [("", vote["tally"], vote["passed"])]
    first = (COLUMNS["village"](lang),) if vote["villages"] else ()
    table = Table((*first, *(COLUMNS[k](lang) for k in keys), COLUMNS["result"](lang)),
                  tuple(((name,) if first else ()) + tuple(str(t.get(k, "-")) for k in keys) + (SAY["passed" if ok else "failed"](lang),)
                        for name, t, ok in parts))
    out = [Fields(tuple(rows)), table, Heading(LABELS["reason"](lang), level=2),
           *(Paragraph(line) for line in vote["reason"].splitlines() if line.strip())]
    local = [c["text"] for c in vote["local_rules"]] + [c["text"] for v in vote["villages"] for c in v.get("local_rules", [])]
    if local:
        out += [Heading(LABELS["local"](lang), level=2), Items(tuple(local))]
    return out


def _publication(r: Record) -> list:
    stage, lang = r.stage("publication"), r.lang
    if stage is None:
        return []
    rows = ((LABELS["channels"](lang), terms(stage.detail["channels"], lang)), (LABELS["published_on"](lang), r.day(stage.day)),
            (LABELS["reach"](lang), SAY["reach"](lang, reach=stage.detail["reach"])))
    out = [Fields(rows)]
    made = choices(r, ("publication",))
    return out + ([Paragraph(HEADS["choices"](lang)), Items(tuple(made))] if made else [])


def _explain(r: Record) -> list:
    lang, s = r.lang, r.summary
    if r.stage("implementation") is None:
        return []
    share = s["dissenters_explained"]
    rows = [(LABELS["explained"](lang), yes_no(r.spec.procedure.implementation.explain_to_dissenters, lang))]
    if s["decision"] is None or share is None:
        rows.append((LABELS["explained_share"](lang), SAY["nobody"](lang) if s["decision"] is None else "-"))
    else:
        rows.append((LABELS["explained_share"](lang), SAY["explained_share"](lang, share=share)))
    return [Fields(tuple(rows))]


def _supervision(r: Record) -> list:
    stage, lang, s = r.stage("implementation"), r.lang, r.summary
    if stage is None:
        return []
    impl = r.spec.procedure.implementation
    groups = {g: v["name"] for g, v in s["groups"].items()}
    if s["decision"] is None:
        state = SAY["nothing"](lang)
    elif s["implemented"]:
        state = SAY["implemented"](lang)
    else:
        state = SAY["blocked"](lang, groups=listing([groups.get(g, g) for g in s["blocked_by"]], lang) or term("none", lang))
    rows = [(LABELS["supervised"](lang), SAY["supervised" if impl.supervision else "unsupervised"](lang)),
            (LABELS["implemented_on"](lang), r.day(stage.day)), (LABELS["implemented"](lang), state)]
    out = []
    if s["expected_compliance"] is not None:
        changers = s["compliance_of_those_who_change"]
        rows.append((LABELS["compliance"](lang), f"{s['expected_compliance']:.0%}" + ("" if changers is None else (
            "；" if lang == "zh" else "; ") + SAY["changers"](lang, share=f"{changers:.0%}"))))
    if s["aftermath"] is not None:
        a = s["aftermath"]
        rows.append((LABELS["aftermath"](lang), SAY["aftermath"](lang, **{**a, "revoked": yes_no(a["revoked"], lang)})))
    out.append(Fields(tuple(rows)))
    if s["compliance_by_group"]:
        out.append(Table((COLUMNS["group"](lang), COLUMNS["share"](lang)),
                         tuple((groups.get(g, g), f"{v:.0%}") for g, v in s["compliance_by_group"].items())))
    return out


def _sign(r: Record) -> list:
    lang = r.lang
    return [Fields(tuple((LABELS[k](lang), "") for k in ("recorder", "chair_sign", "participant_sign", "date")))]


def _audit(r: Record) -> list:
    lang = r.lang
    header = tuple(COLUMNS[c](lang) for c in ("article", "requirement", "passed", "detail"))
    rows = tuple((a["article"], a["requirement"], yes_no(a["passed"], lang), a["detail"]) for a in r.audit)
    return [Paragraph(SAY["audit_note"](lang), note=True), Table(header, rows)]
