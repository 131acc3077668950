"""Matters spanning several villages or communities (Art. 10): each votes in its own body, with
its own roll and quorum, since each village's meeting decides only its own village's matters
(Organic Law of Villagers' Committees art. 24) and each collective its own assets. Every one must
pass; a majority of villages may suffice only for a matter the law does not reserve (the scenario's
choice, checked when it is loaded)."""

from __future__ import annotations

from dataclasses import replace

from ..i18n import Text
from .vote import VERDICT, Decision, decide

NEEDS = ("all", "majority")


def decide_each(body: str, matter: str, electorates: list[tuple], need: str = "all",
                local_rules=(), group_names=None) -> Decision:
    """One vote per village (``electorates``: its name, its roll and, optionally, the households whose
    signatures the local rules count); the joint result with each part."""
    parts = tuple((name, decide(body, matter, frame, local_rules, group_names, *signed))
                  for name, frame, *signed in electorates)

    def joint(flags) -> bool:
        ok = sum(flags)
        return ok == len(parts) if need == "all" else 2 * ok > len(parts)

    passed = joint(p.passed for _, p in parts)
    tally = {k: sum(p.tally[k] for _, p in parts) for k in ("yes", "no", "abstain", "absent", "entitled", "present")}
    rule = Text("各村均须通过", "every village must pass") if need == "all" else Text("过半数的村通过即可", "more than half of the villages must pass")
    listed = Text("；".join(f"{n.zh}{VERDICT[p.passed].zh}" for n, p in parts),
                  "; ".join(f"{n.en}: {VERDICT[p.passed].en}" for n, p in parts))
    verdict = VERDICT[passed]
    why = Text(f"跨村事项由乡镇牵头协商（规范第十条），各村分别在本村的会议上表决（本村事项由本村会议决定）：{listed.zh}。"
               f"规则：{rule.zh}。结果：{verdict.zh}。",
               f"A matter spanning villages, led by the township (norms Art. 10); each village votes in its own body, which "
               f"decides only its own village's matters: {listed.en}. Rule: {rule.en}. Result: {verdict.en}.")
    first = parts[0][1]
    return replace(first, passed=passed, quorum_met=joint(p.quorum_met for _, p in parts), reason=why, tally=tally,
                   checks=(), local=(), statutory_passed=joint(p.statute_met for _, p in parts), parts=parts)
