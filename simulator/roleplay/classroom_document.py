"""The class-result comparison on paper (课堂结果与模型对照): a document to print or file, saved
as .docx, .html or .pdf by :func:`simulator.documents.save`."""

from __future__ import annotations

from pathlib import Path

from ..documents import Document, Fields, Heading, Items, Paragraph, Table
from ..documents import save as save_document
from ..i18n import check_lang
from .classroom import Placement, group_names, option_name
from .classroom_text import CLASS, TABLE, percent


def to_document(placement: Placement, lang: str | None = None) -> Document:
    """The comparison as a printable document (``simulator.documents.save``)."""
    p, lang = placement, check_lang(lang or placement.lang)
    spec, r = p.spec, p.result
    t = lambda key, **v: TABLE[key](lang, **v)  # noqa: E731
    names = group_names(spec)
    vote = CLASS["no_vote"](lang) if r.vote is None else CLASS[r.vote](lang) + (
        "" if r.tally is None else CLASS["tally"](lang, yes=r.tally[0], entitled=r.tally[1]))
    objected = "、" if lang == "zh" else ", "
    entered = Fields(((CLASS["option"](lang), option_name(spec, r.option)(lang)), (CLASS["rounds"](lang), str(r.rounds)),
                      (CLASS["vote"](lang), vote),
                      (CLASS["objected"](lang), objected.join(names[g](lang) for g in r.objected) or CLASS["nobody"](lang))))
    mark = lambda yes: t("mark") if yes else ""  # noqa: E731
    options = Table((t("option"), t("share"), t("yours")),
                    tuple((option_name(spec, k)(lang), percent(v), mark(k == r.option)) for k, v in p.options().items()))
    shares = {r.rounds: 0.0, **p.rounds()}  # the class's own number of rounds, even where no run took it
    rounds = Table((t("round"), t("share"), t("yours")),
                   tuple((str(k), percent(v), mark(k == r.rounds)) for k, v in sorted(shares.items())))
    groups = p.table(lang)
    seeds = p.seeds
    return Document(
        title=t("title", title=spec.title(lang)), lang=lang,
        subtitle=t("subtitle", n=p.n, first=min(seeds), last=max(seeds)),
        blocks=(Heading(t("class")), entered, Heading(t("law")), *(Paragraph(s(lang)) for s in p.law),
                Heading(t("differed")), Items(tuple(s(lang) for s in p.sentences[len(p.law):])),
                Heading(t("options"), 2), options, Heading(t("rounds"), 2), rounds,
                Heading(t("groups"), 2), Table(tuple(groups.columns), tuple(tuple(row) for row in groups.itertuples(index=False))),
                Paragraph(t("definition"), note=True)),
        footer=t("footer"), meta={"scenario": spec.id, "seeds": f"{min(seeds)}-{max(seeds)}"})


def save(placement: Placement, path: str | Path, lang: str | None = None) -> Path:
    """Write the comparison as .docx, .html or .pdf (whole or not at all)."""
    return save_document(to_document(placement, lang), Path(path))
