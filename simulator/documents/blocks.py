"""A document as plain blocks: headings, paragraphs, label–value fields, tables, bullet items,
cards (a role card, cut out along its border) and page breaks. Content is written once; the
renderers decide how it looks on paper."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 a section, 2 a part of one


@dataclass(frozen=True)
class Paragraph:
    text: str
    note: bool = False  # small print: a caveat, a source


@dataclass(frozen=True)
class Fields:
    """Label–value rows, as the head of a record form (议题、召集人、时间……); an empty value
    leaves a line to fill in by hand (签字)."""
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Card:
    """One card of a set (a role card): printed four to an A4 page, or one to an A6 page."""
    title: str
    blocks: tuple[Block, ...]
    label: str = ""  # a line above the title, e.g. 角色卡 · 第 2 张


@dataclass(frozen=True)
class Break:
    """Start a new page."""


Block = Union[Heading, Paragraph, Fields, Table, Items, Card, Break]


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Block, ...]
    lang: str = "zh"
    subtitle: str = ""
    footer: str = ""  # one line at the foot of the document (source, what it is not)
    meta: dict = field(default_factory=dict, compare=False)  # e.g. scenario id and seed, for the file's properties

    def text(self) -> str:
        """Every word the document shows, in order (tests, and the printed font's subset)."""
        return "\n".join([self.title, self.subtitle, *_words(self.blocks), self.footer])


def _words(blocks) -> list[str]:
    out = []
    for b in blocks:
        match b:
            case Heading(text=t) | Paragraph(text=t):
                out.append(t)
            case Fields(rows=rows):
                out += [w for row in rows for w in row]
            case Table(header=h, rows=rows):
                out += [*h, *(w for row in rows for w in row)]
            case Items(items=items):
                out += items
            case Card(title=t, blocks=inner, label=label):
                out += [label, t, *_words(inner)]
    return out
