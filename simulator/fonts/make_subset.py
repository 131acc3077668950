"""Rebuild ``XieshangSansSC-Regular.otf``: a subset of Noto Sans CJK SC (SIL OFL 1.1).

The subset keeps GB 2312 (every common simplified character), Latin, CJK punctuation
and fullwidth forms, plus every character in the repository's own text, so plots
render on a machine with no Chinese font. Maintainers run it after adding text
with rare characters (``tests/test_plots.py`` says which are missing)::

    apt-get install fonts-noto-cjk && python simulator/fonts/make_subset.py
"""

from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FACE = "Noto Sans CJK SC"
NAME = "Xieshang Sans SC"
HERE = Path(__file__).parent
ROOT = HERE.parents[1]
TEXT = ("*.md", "scenarios/**/*.yaml", "simulator/**/*.py", "notebooks/*.ipynb", "docs/**/*.md")
# marks the kit shows that Noto Sans CJK lacks, drawn with the nearest mark it has (no boxes on the page)
ALIASES = {"✔": "✓", "✗": "×", "✘": "×"}


def gb2312() -> set[str]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def wanted() -> set[str]:
    blocks = [(0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x2100, 0x22FF),
              (0x2460, 0x24FF), (0x2500, 0x25FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    chars = gb2312() | {chr(c) for lo, hi in blocks for c in range(lo, hi + 1)} | set(ALIASES.values())
    for pattern in TEXT:
        for path in ROOT.glob(pattern):
            chars |= set(path.read_text(encoding="utf-8"))
    return chars


def main() -> None:
    font = next(f for f in TTCollection(SOURCE).fonts if f["name"].getDebugName(1) == FACE)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(wanted())))
    subsetter.subset(font)
    for table in font["cmap"].tables:
        if table.isUnicode():
            for char, like in ALIASES.items():
                table.cmap.setdefault(ord(char), table.cmap[ord(like)])
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 16, 21):
            names.setName(NAME, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (6, 20):
            names.setName(NAME.replace(" ", "") + "-Regular", record.nameID, record.platformID,
                          record.platEncID, record.langID)
    font["CFF "].cff.fontNames = [NAME.replace(" ", "") + "-Regular"]
    font.save(HERE / "XieshangSansSC-Regular.otf")


if __name__ == "__main__":
    main()
