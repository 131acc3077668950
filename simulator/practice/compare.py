"""The trainer's view: several trainees' sessions side by side."""

from __future__ import annotations

import pandas as pd

from ..i18n import Text, check_lang, texts

COLUMNS = texts({
    "trainee": ("学员", "trainee"),
    "scenario": ("情景", "scenario"),
    "seed": ("种子", "seed"),
    "choices": ("做出的选择", "choices"),
    "rounds": ("轮次", "rounds"),
    "consensus": ("达成共识", "consensus"),
    "decision": ("结果", "decision"),
    "implemented": ("实施", "implemented"),
    "audit": ("程序合规（通过/检查项）", "audit (passed/checks)"),
    "failed": ("未通过的检查", "checks failed"),
})
NOT_DONE = Text("（尚未完成）", "(not finished)")
NOTHING = Text("无", "none")


def compare(sessions, lang: str = "zh") -> pd.DataFrame:
    """One row per session: trainee, choices, outcome, audit passes (unfinished sessions say so)."""
    check_lang(lang)
    rows = []
    for s in sessions:
        row = {"trainee": s.trainee, "scenario": s.spec.title(lang), "seed": s.seed,
               "choices": "\n".join(f"{i + 1}. {s.describe(c, lang)}" for i, c in enumerate(s.choices))}
        if s.finished:
            m = s.result.summary if lang == s.lang else type(s.result)(s.model, s.seed, lang).summary
            audit = m["audit"]
            names = s.spec.option_names(lang)
            row.update(rounds=m["rounds"], consensus=m["consensus"], decision=names.get(m["decision"], NOTHING(lang)),
                       implemented=m["implemented"], audit=f"{sum(a['passed'] for a in audit)}/{len(audit)}",
                       failed="；".join(f"{a['article']} {a['requirement']}" for a in audit if not a["passed"]) or NOTHING(lang))
        else:
            row.update(decision=NOT_DONE(lang))
        rows.append(row)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.rename(columns={k: v(lang) for k, v in COLUMNS.items()})
