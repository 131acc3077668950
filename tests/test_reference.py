"""The scenario authors' field reference is generated from the schema and kept up to date."""

from __future__ import annotations

import re

from simulator.scenario import base, json_schema
from simulator.scenario.reference import markdown

from .conftest import ROOT, cli

REFERENCE = ROOT / "docs" / "scenario-reference.md"


def test_the_committed_reference_is_up_to_date():
    assert REFERENCE.read_text(encoding="utf-8") == markdown(), "run: xieshang reference docs/scenario-reference.md"


def _rows(text: str) -> dict[str, list[str]]:
    """Field rows by section heading: ``{path: [row, ...]}``."""
    sections, path = {}, None
    for line in text.splitlines():
        if line.startswith("### "):
            path = line.rsplit("`", 2)[-2]
            sections[path] = []
        elif path and line.startswith("| `"):
            sections[path].append(line)
    return sections


def test_every_field_of_every_part_is_listed_with_chinese_and_english_words():
    schema = json_schema()
    models = {"Scenario": schema, **schema["$defs"]}
    sections = _rows(markdown())
    fields = {re.match(r"\| `(\w+)`", row).group(1) for rows in sections.values() for row in rows}
    every = {f for name, model in models.items() if name != "Text" for f in model.get("properties", {})}
    assert every <= fields
    assert len(sections) == len(models) - 1  # one section per model but Text, which is written inline
    for rows in sections.values():
        for row in rows:
            zh, en = [cell.strip() for cell in row.rstrip("|").split("|")[-2:]]
            assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[a-z]", en), row


def test_allowed_values_are_named_in_both_languages():
    text = markdown()
    for value in (*base.SELECTION_RULES, *base.ORG_KINDS, *base.TOPICS, *base.TENURES, "two_committees", "township"):
        assert re.search(rf"`{value}`（[^/\n]+ / [^\n]+）", text), value
    assert "`owners_major`" in text and "业主大会" in text  # matters and their bodies
    assert "态度数值的含义" in text and "What a stance number means" in text


def test_the_command_prints_or_writes_the_reference(tmp_path):
    printed = cli("reference")
    assert printed.returncode == 0 and printed.stdout == markdown()
    assert cli("reference", str(tmp_path / "ref.md")).returncode == 0
    assert (tmp_path / "ref.md").read_text(encoding="utf-8") == markdown()
    missing = cli("reference", str(tmp_path / "no" / "ref.md"))
    assert missing.returncode == 2 and "无法写入" in missing.stderr and "Traceback" not in missing.stderr
    assert not (tmp_path / "no").exists()


def test_the_readme_links_to_the_reference_and_lists_the_selection_rules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/scenario-reference.md" in readme
    for rule in base.SELECTION_RULES:
        assert f"`{rule}`" in readme, rule
