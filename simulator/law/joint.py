"""Matters spanning several villages or communities (Art. 10): each votes in its own body, with
its own roll and quorum; the scenario says whether every one must pass or a majority suffices."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..i18n import Text
from .vote import Decision, decide

NEEDS = ("all", "majority")


def decide_each(body: str, matter: str, electorates: list[tuple[Text, pd.DataFrame]], need: str = "all",
                local_rules=(), group_names=None) -> Decision:
    """One vote per village (``electorates``: its name and roll); the joint result with each part."""
    parts = tuple((name, decide(body, matter, frame, local_rules, group_names)) for name, frame in electorates)
    ok = sum(p.passed for _, p in parts)
    passed = ok == len(parts) if need == "all" else 2 * ok > len(parts)
    tally = {k: sum(p.tally[k] for _, p in parts) for k in ("yes", "no", "abstain", "absent", "entitled", "present")}
    rule = Text("各村均须通过", "every village must pass") if need == "all" else Text("过半数的村通过即可", "more than half of the villages must pass")
    listed = Text("；".join(f"{n.zh}{'通过' if p.passed else '未通过'}" for n, p in parts),
                  "; ".join(f"{n.en}: {'passed' if p.passed else 'not passed'}" for n, p in parts))
    verdict = Text("通过", "passed") if passed else Text("未通过", "not passed")
    why = Text(f"跨村事项，各村分别在本村的会议上表决（第十条）：{listed.zh}。规则：{rule.zh}。结果：{verdict.zh}。",
               f"A matter spanning villages: each village votes in its own body (Art. 10): {listed.en}. Rule: {rule.en}. Result: {verdict.en}.")
    first = parts[0][1]
    return replace(first, passed=passed, quorum_met=all(p.quorum_met for _, p in parts), reason=why, tally=tally,
                   checks=(), local=(), statutory_passed=None, parts=parts)
