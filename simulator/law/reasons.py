"""Written reasons: how a vote is explained, requirement by requirement, citing the law."""

from __future__ import annotations

from fractions import Fraction

from ..i18n import Text
from .bodies import Body
from .thresholds import MATTER_NAMES, Threshold, measure_label


def _fmt_pct(part: float, whole: float, exact: Fraction | None) -> str:
    if whole == 0:
        return "—"
    share = exact if exact is not None else Fraction(part) / Fraction(whole)
    return f"{float(share) * 100:.2f}%"


def fmt_area(x: float) -> str:
    return f"{x:,.2f}"


def check_text(c, body: Body, exact: Fraction | None, lang: str) -> str:
    """One requirement as judged on the votes (a :class:`~simulator.law.vote.Check`)."""
    req = c.requirement
    pct = _fmt_pct(c.part, c.whole, exact)
    nums = f"{int(c.part)}/{int(c.whole)}"
    area = Text("", "")
    if req.measure.endswith("_area"):
        nums = f"{fmt_area(c.part)}/{fmt_area(c.whole)}"
        area = Text("㎡", " m²")
    label = measure_label(req.measure, req.base, body)
    sym = "≥" if req.op == ">=" else ">"
    frac = f"{req.fraction.numerator}/{req.fraction.denominator}"
    return Text(f"{label.zh} {nums}{area.zh}＝{pct}（须{sym}{frac}）：{'达到' if c.met else '未达到'}",
                f"{label.en} {nums}{area.en} = {pct} (needs {sym} {frac}): {'met' if c.met else 'not met'}")(lang)


# Each body's legal note for a matter, added to the reason.
NOTES = {
    ("owners_assembly", "major"): (
        "重大事项（筹集维修资金、改建重建建筑物及附属设施、改变共有部分用途或利用其从事经营活动）"
        "须经参与表决专有部分面积四分之三以上且参与表决人数四分之三以上的业主同意。",
        "major matters (raising maintenance funds, rebuilding or altering buildings and facilities, "
        "changing the use of common parts or running a business on them) need at least 3/4 of the "
        "participating area and at least 3/4 of the participating owners.",
    ),
    ("owners_assembly", "ordinary"): (
        "其他事项须经参与表决专有部分面积过半数且参与表决人数过半数的业主同意。",
        "other matters need more than half of the participating area and more than half of the participating owners.",
    ),
    ("residents_meeting", "major"): (
        "依第十条，涉及全体居民利益的重要问题须提交居民会议讨论决定；表决规则仍为第九条的到会人员过半数。",
        "under art. 10, important issues affecting all residents go to the residents' meeting; "
        "it still decides by more than half of those present (art. 9).",
    ),
    ("villagers_meeting", "ordinary"): (
        "所作决定须经到会人员过半数通过。",
        "decisions need more than half of those present.",
    ),
    ("villagers_meeting", "major"): (
        "重大事项适用其他法律的特别多数：《农村土地承包法》第十九条、第二十八条、第五十二条（承包方案、"
        "调整承包地、发包给本集体以外的单位或个人）及《土地管理法》第六十三条（集体经营性建设用地出让、出租）"
        "要求经村民会议三分之二以上成员同意，以全体成员而非到会人数为基数。",
        "major matters follow the supermajority of other laws: Rural Land Contracting Law arts. 19, 28 and 52 "
        "(contracting plan, adjusting plots, contracting to outsiders) and Land Administration Law art. 63 "
        "(leasing or transferring collective commercial construction land) need at least 2/3 of ALL members "
        "of the villagers' meeting, not of those present.",
    ),
    ("villager_representatives_meeting", "ordinary"): (
        "所作决定须经到会人员过半数同意。",
        "decisions need more than half of those present.",
    ),
    ("villager_representatives_meeting", "major"): (
        "重大事项适用其他法律的特别多数：《农村土地承包法》第十九条、第二十八条、第五十二条及"
        "《土地管理法》第六十三条要求三分之二以上村民代表同意，以全体代表而非到会人数为基数。",
        "major matters follow the supermajority of other laws: Rural Land Contracting Law arts. 19, 28 and 52 "
        "and Land Administration Law art. 63 need at least 2/3 of ALL representatives, not of those present.",
    ),
    ("collective_members_meeting", "ordinary"): (
        "每项决定均须经全体成员三分之二以上同意，而不仅是到会成员的三分之二；缺席等于未同意，因此较难达到。",
        "every decision needs at least 2/3 of ALL members, not only of those present; an absent member "
        "counts like a no, which is why this threshold is hard to reach.",
    ),
    ("collective_representatives_meeting", "ordinary"): (
        "成员代表大会须经全体成员代表三分之二以上同意，以全体代表而非到会人数为基数。",
        "the representatives' meeting decides by at least 2/3 of ALL representatives, not of those present.",
    ),
}
NOTES[("collective_members_meeting", "major")] = NOTES[("collective_members_meeting", "ordinary")]

NOTES[("collective_representatives_meeting", "major")] = (
    NOTES[("collective_representatives_meeting", "ordinary")][0]
    + "章程、成员资格、土地承包方案、宅基地或股份方案、征地补偿、合并等事项保留给成员大会（第二十八条），不在此列。",
    NOTES[("collective_representatives_meeting", "ordinary")][1]
    + " The charter, membership, contracting, homestead or share plans, land compensation and mergers are "
    "reserved to the members' meeting (art. 28) and are not decided here.",
)
NOTES = {key: Text(*pair) for key, pair in NOTES.items()}


def reason(
    b: Body,
    matter: str,
    threshold: Threshold,
    checks: list,
    shares: list[Fraction | None],
    quorum_met: bool,
    passed: bool,
    size_ok: bool,
    n: int,
    tally: dict,
) -> Text:
    """The written reason of a vote: each requirement with its numbers, the legal note and the result."""
    mz, me = MATTER_NAMES[matter]
    head_zh = f"{b.law.zh}（{b.name.zh}，{mz}）："
    head_en = f"{b.law.en} ({b.name.en}, {me}): "
    zh: list[str] = []
    en: list[str] = []

    if not size_ok:
        zh.append(
            f"成员代表大会的代表人数须超过{threshold.size_more_than}人，本名单仅 {n} 人，"
            f"不符合法定组成，不能作出有效决定"
        )
        en.append(
            f"a members' representatives' meeting must have more than {threshold.size_more_than} "
            f"representatives; this one has {n}, so it is not properly constituted and cannot decide"
        )
        zh_text = head_zh + "；".join(zh) + "。结果：未通过。"
        en_text = head_en + "; ".join(en) + ". Result: not passed."
        return Text(zh_text, en_text)

    q_checks = [(c, s) for c, s in zip(checks, shares) if c.stage == "quorum"]
    d_checks = [(c, s) for c, s in zip(checks, shares) if c.stage == "decision"]

    if q_checks:
        n_alt = len(threshold.quorum)
        alts_zh, alts_en = [], []
        for i in range(n_alt):
            part = [(c, s) for c, s in q_checks if c.alternative == i]
            alts_zh.append("，".join(check_text(c, b, s, "zh") for c, s in part))
            alts_en.append("; ".join(check_text(c, b, s, "en") for c, s in part))
        sep_zh, sep_en = ("；或", "; or ") if n_alt > 1 else ("", "")
        intro_zh = "法定人数（满足其一即可）：" if n_alt > 1 else "法定人数："
        intro_en = "quorum (either suffices): " if n_alt > 1 else "quorum: "
        zh.append(intro_zh + sep_zh.join(alts_zh) + ("——法定人数已达到" if quorum_met else "——法定人数未达到"))
        en.append(intro_en + sep_en.join(alts_en) + (" -- quorum met" if quorum_met else " -- quorum NOT met"))
    else:
        zh.append("法律未规定到会法定人数")
        en.append("the law states no attendance quorum")
    if threshold.size_more_than is not None:
        zh.insert(0, f"代表 {n} 人，超过{threshold.size_more_than}人，组成符合要求")
        en.insert(0, f"{n} representatives, more than {threshold.size_more_than}: properly constituted")

    zh.append("表决：" + "，".join(check_text(c, b, s, "zh") for c, s in d_checks))
    en.append("vote: " + "; ".join(check_text(c, b, s, "en") for c, s in d_checks))

    note = NOTES.get((b.id, matter))
    if note:
        zh.append(note[0].rstrip("。"))
        en.append(note[1].rstrip("."))
    if b.id == "owners_assembly" and tally.get("heads_entitled", n) != n:
        zh.append(
            f"人数按业主计算：{n} 个专有部分属于 {tally['heads_entitled']} 名业主，"
            f"同一买受人拥有多个专有部分的按一人计算（最高人民法院建筑物区分所有权司法解释第九条）"
        )
        en.append(
            f"heads are counted per owner: {n} units belong to {tally['heads_entitled']} owners, and several "
            f"units held by one buyer count as one person (SPC interpretation on building ownership art. 9)"
        )

    if passed:
        res_zh, res_en = "通过", "passed"
    elif not quorum_met:
        res_zh, res_en = "未通过（未达到法定人数）", "not passed (no quorum)"
    else:
        res_zh, res_en = "未通过（同意票未达到法定比例）", "not passed (yes votes below the required share)"
    return Text(head_zh + "；".join(zh) + f"。结果：{res_zh}。", head_en + "; ".join(en) + f". Result: {res_en}.")
