"""A document as one printable HTML page: A4 with 12 mm margins; cards four to an A4 sheet
(each the size of A6, with cut lines) or one to an A6 sheet. The page carries the subset of the
shipped font that it uses, so it prints in Chinese on a machine with no Chinese font."""

from __future__ import annotations

import base64
import html
from functools import lru_cache
from io import BytesIO
from pathlib import Path

from .blocks import Break, Card, Document, Fields, Heading, Items, Paragraph, Table

FONT_FILE = Path(__file__).parents[1] / "fonts" / "XieshangSansSC-Regular.otf"
FAMILY = "Xieshang Sans SC"
CSS = """
@page { size: A4; margin: 12mm; }
@page cards { size: 210mm 297mm; margin: 0; }
@page a6 { size: 105mm 148mm; margin: 0; }
html { font-family: "Xieshang Sans SC", "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", sans-serif; font-size: 10.5pt;
  line-height: 1.45; color: #000; }
body { margin: 0 auto; max-width: 186mm; }
h1.xs-title { font-size: 18pt; text-align: center; margin: 0 0 2mm; }
p.xs-subtitle { text-align: center; font-size: 12pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 4mm 0 1.5mm; border-bottom: 1px solid #888; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; }
p { margin: 1mm 0; }
.xs-note { font-size: 8.5pt; color: #444; }
table { border-collapse: collapse; width: 100%; margin: 1.5mm 0; page-break-inside: auto; }
tr { break-inside: avoid; }
td, th { border: 1px solid #555; padding: 1mm 2mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th, td.xs-label { background: #f0f0f0; font-weight: bold; }
td.xs-label { width: 38mm; }
td.xs-blank { height: 9mm; }
ul { margin: 1mm 0; padding-left: 5mm; }
.xs-break { break-after: page; }
.xs-cards { page: cards; display: grid; grid-template-columns: 105mm 105mm; grid-auto-rows: 148mm;
  width: 210mm; margin: 0 -12mm; break-before: page; }
.xs-a6 .xs-cards { page: a6; grid-template-columns: 105mm; grid-auto-rows: 148mm; width: 105mm; margin: 0; }
.xs-card { box-sizing: border-box; padding: 6mm 7mm; border: 1px dashed #999; overflow: hidden; break-inside: avoid;
  font-size: 8.6pt; line-height: 1.35; }
.xs-card h3 { font-size: 13pt; margin: 0 0 1.5mm; }
.xs-card h4 { font-size: 9pt; margin: 1.6mm 0 0.4mm; }
.xs-card p, .xs-card ul { margin: 0.4mm 0; }
.xs-card-label { font-size: 7.5pt; color: #555; }
.xs-footer { margin-top: 4mm; font-size: 8.5pt; color: #444; border-top: 1px solid #aaa; padding-top: 1mm; }
@media screen { body { padding: 8mm; } .xs-cards { margin: 4mm 0; } }
"""


def to_html(doc: Document, size: str = "a4", embed_font: bool = True) -> str:
    """The whole page. ``size`` "a6" prints each card on its own A6 sheet."""
    body = [f"<h1 class='xs-title'>{_e(doc.title)}</h1>"]
    if doc.subtitle:
        body.append(f"<p class='xs-subtitle'>{_e(doc.subtitle)}</p>")
    cards = len(doc.blocks) - next((i for i, b in enumerate(reversed(doc.blocks)) if not isinstance(b, Card)), len(doc.blocks))
    body += _blocks(doc.blocks[:cards], card=False)
    if doc.footer:  # at the foot of the text, before the cards that end a set
        body.append(f"<p class='xs-footer'>{_e(doc.footer)}</p>")
    body += _blocks(doc.blocks[cards:], card=False)
    font = _font_face(doc.text()) if embed_font else ""
    lang = "zh-CN" if doc.lang == "zh" else "en"
    return (f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>{_e(doc.title)}</title>"
            f"<style>{font}{CSS}</style></head><body class='xs-{size}'>{''.join(body)}</body></html>")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _blocks(blocks, card: bool) -> list[str]:
    out, cards = [], []
    for block in [*blocks, None]:
        if isinstance(block, Card):
            cards.append(_card(block))
            continue
        if cards:
            out.append(f"<div class='xs-cards'>{''.join(cards)}</div>")
            cards = []
        match block:
            case None:
                pass
            case Heading(text=t, level=level):
                tag = ("h4" if card else "h2") if level == 1 else ("h4" if card else "h3")
                out.append(f"<{tag}>{_e(t)}</{tag}>")
            case Paragraph(text=t, note=note):
                out.append(f"<p{' class=\"xs-note\"' if note else ''}>{_e(t)}</p>")
            case Fields(rows=rows):
                out.append("<table class='xs-fields'>" + "".join(
                    f"<tr><td class='xs-label'>{_e(k)}</td><td{'' if v else ' class=\"xs-blank\"'}>{_e(v)}</td></tr>"
                    for k, v in rows) + "</table>")
            case Table(header=header, rows=rows):
                head = "".join(f"<th>{_e(h)}</th>" for h in header)
                body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
                out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
            case Items(items=items):
                out.append("<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items) + "</ul>")
            case Break():
                out.append("<div class='xs-break'></div>")
    return out


def _card(card: Card) -> str:
    label = f"<div class='xs-card-label'>{_e(card.label)}</div>" if card.label else ""
    return f"<section class='xs-card'>{label}<h3>{_e(card.title)}</h3>{''.join(_blocks(card.blocks, card=True))}</section>"


def _font_face(text: str) -> str:
    data = _subset("".join(sorted(set(text) | set(CHROME))))
    return f"@font-face {{ font-family: '{FAMILY}'; src: url(data:font/otf;base64,{data}) format('opentype'); }}\n"


CHROME = "0123456789-–—·：，。、；（）() /%.,:;"  # marks the page adds (numbers, list punctuation)


@lru_cache(maxsize=32)
def _subset(chars: str) -> str:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_FILE)
    options = subset.Options()
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    out = BytesIO()
    font.save(out)
    return base64.b64encode(out.getvalue()).decode()
