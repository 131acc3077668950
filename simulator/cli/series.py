"""``xieshang series``: a year of consultations in one community, topic after topic."""

from __future__ import annotations

import json

from ..i18n import BilingualError, texts
from .common import USAGE, lang_option, shown

SERIES_TEXT = texts({
    "series": ("在同一个社区先后协商几个议题（一年的协商）：信任、记录和谁被听到会带到下一次",
               "consult several topics one after another in one community (a year of consultations): trust, the record and who was heard carry over"),
    "topics": ("议题：几个情景名或情景文件（按协商的先后），或一个系列文件（如 scenarios/series/estate_year.yaml）",
               "topics: scenario names or files in the order they are consulted, or one series file (e.g. scenarios/series/estate_year.yaml)"),
    "seeds": ("连续运行几个种子（从 --seed 起），输出各议题的平均", "run this many seeds (from --seed on) and print each topic's mean"),
    "set_all": ("对每个议题都临时修改一个参数，如 procedure.publication.channels=[]（可重复）",
                "override one parameter in every topic, e.g. procedure.publication.channels=[] (repeatable)"),
    "seeds_bad": ("参数 --seeds 应为 1 到 1000 之间的整数，实际为 {n}", "--seeds must be a whole number from 1 to 1000, got {n}"),
    "heading": ("== 一年的协商（{n} 个议题，{seeds}）==", "== A year of consultations ({n} topics, {seeds}) =="),
    "one_seed": ("种子 {seed}", "seed {seed}"),
    "many_seeds": ("种子 {first}–{last} 的平均", "mean of seeds {first}-{last}"),
    "columns": ("议题 | 达成共识 | 作出决定 | 信任（前→后） | 首次会议出席率 | 预计遵守率 | 至今被听到的住户",
                "topic | consensus | decided | trust (before → after) | first-meeting turnout | expected compliance | households heard so far"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "none": ("—", "—"),
})


def add(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in {**USAGE, **SERIES_TEXT}.items()}
    p = sub.add_parser("series", help=t["series"], description=t["series"])
    p.add_argument("topics", nargs="+", help=t["topics"])
    p.add_argument("--seed", type=int, default=0, help=t["seed"])
    p.add_argument("--seeds", type=int, default=1, metavar="K", help=t["seeds"])
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="PATH=VALUE", help=t["set_all"])
    p.add_argument("--json", action="store_true", help=t["json"])
    lang_option(p, lang)
    p.set_defaults(handler=_series)


def _series(args) -> int:
    from ..consultation.series import mean_table, series, topics_of

    lang = args.lang
    if not 1 <= args.seeds <= 1000:
        raise BilingualError(*SERIES_TEXT["seeds_bad"].format(n=args.seeds))
    topics = args.topics[0] if len(args.topics) == 1 else args.topics
    scenarios = topics_of(topics, args.overrides)  # checked once, before any run
    results = [series(scenarios, seed, lang=lang) for seed in range(args.seed, args.seed + args.seeds)]
    table = results[0].table() if args.seeds == 1 else mean_table(results)
    if args.json:
        out = {"seeds": [args.seed, args.seed + args.seeds - 1], "topics": json.loads(table.to_json(orient="records", force_ascii=False))}
        if args.seeds == 1:
            out["record"] = results[0].record
        print(json.dumps(out, ensure_ascii=False))
        return 0
    print(shown(render(table, args.seed, args.seeds, lang)))
    return 0


def render(table, seed: int, seeds: int, lang: str) -> str:
    """The per-topic table as text for a trainer: one line per topic."""
    t = {k: v(lang) for k, v in SERIES_TEXT.items()}
    which = t["one_seed"].format(seed=seed) if seeds == 1 else t["many_seeds"].format(first=seed, last=seed + seeds - 1)
    lines = [SERIES_TEXT["heading"](lang, n=len(table), seeds=which), t["columns"]]

    def share(x) -> str:
        return t["none"] if x is None or x != x else f"{100 * float(x):.0f}%"  # x != x: NaN

    def yes(x) -> str:  # one seed: yes or no; several: how often
        return (t["yes"] if x else t["no"]) if seeds == 1 else share(x)

    for row in table.to_dict("records"):
        lines.append(f"{row['topic']}. {row['title']} | {yes(row['consensus'])} | {yes(row['adopted'])} | "
                     f"{row['trust_before']:.2f} → {row['trust_after']:.2f} | {share(row['turnout'])} | "
                     f"{share(row['expected_compliance'])} | {share(row['heard_so_far'])}")
    return "\n".join(lines) + "\n"
