"""Procedural audit: one check per requirement of the Tianjin norms (2023), each citing its article.

The audit reads a finished consultation (a :class:`simulator.ConsultationModel`): its scenario
``spec``, who took part and what the convener did.
"""

from __future__ import annotations

import numpy as np

from ..i18n import Text, term, terms, yes_no
from .bodies import BODIES
from .matters import MATTER_TABLE
from .vote import VERDICT


def _check(article: str, requirement: tuple[str, str], passed: bool, detail: tuple[str, str], lang: str) -> dict:
    return {"article": Text(_zh_article(article), article)(lang), "requirement": Text(*requirement)(lang),
            "passed": bool(passed), "detail": Text(*detail)(lang)}


def _zh_article(article: str) -> str:
    numerals = "零一二三四五六七八九十"
    head, _, sub = article.removeprefix("Art. ").partition("(")
    n = int(head)
    text = f"第{numerals[n] if n <= 10 else '十' + numerals[n - 10]}条"
    return text + (f"第（{numerals[int(sub.rstrip(')'))]}）项" if sub else "")


def _by_body(m, option, lang: str) -> dict:
    """The law's check: an adopted option whose matter the law reserves was decided by that body's vote."""
    matter = MATTER_TABLE[option.legal_class]
    vote = m.vote
    if not matter.reserved:
        ok, detail = True, Text(f"{matter.name.zh}，协商议定即可实施", f"a {matter.name.en}: the consultation may settle it")
    else:
        ok = vote is not None and vote.passed and matter.allows(vote.body)
        by = BODIES[vote.body].name if vote is not None else Text("无表决", "no vote")
        detail = Text(f"{matter.name.zh}须由{matter.required_bodies('zh')}表决通过；实际：{by.zh}{VERDICT[ok].zh}",
                      f"a {matter.name.en} must pass a vote of the {matter.required_bodies('en')}; here: {by.en}, {VERDICT[ok].en}")
    return {"article": matter.law(lang),
            "requirement": Text("通过的方案按法律规定的方式决定（法律保留的事项由相应机构表决）", "the adopted option was decided as the law requires (a reserved matter by its body's vote)")(lang),
            "passed": bool(ok), "detail": detail(lang)}


def audit(m, lang: str = "zh") -> list[dict]:
    """Check the run against the norms; each check cites its article."""
    spec, people, p = m.spec, m.people, m.spec.procedure
    form = p.form
    on_table = [o for o, t in zip(spec.issue.options, m.on_table) if t]
    took_part = m.participants
    checks = []

    offline_needed = [o.name for o in on_table if o.offline_required]
    ok = not offline_needed or form.mode == "offline"
    checks.append(_check(
        "Art. 6", ("法律法规政策明确要求线下协商的，采取线下方式", "offline where the law requires it"), ok,
        (f"要求线下的方案：{'、'.join(n('zh') for n in offline_needed) or '无'}；实际形式：{term(form.mode)}",
         f"options requiring offline: {'; '.join(n('en') for n in offline_needed) or 'none'}; form used: {term(form.mode, 'en')}"),
        lang,
    ))
    ok = form.mode != "online" or form.offline_channel
    checks.append(_check(
        "Art. 6", ("线上协商保留线下意见表达渠道", "online consultation keeps an offline channel"), ok,
        (f"形式：{term(form.mode)}；线下渠道：{'有' if form.offline_channel else '无'}",
         f"form: {term(form.mode, 'en')}; offline channel: {'yes' if form.offline_channel else 'no'}"),
        lang,
    ))
    sizes = np.bincount(people.group, minlength=len(people.who))
    affected = [(code, g) for code, g in enumerate(spec.population.groups) if g.affected and sizes[code]]
    missing = [g.name for code, g in affected if not np.any(took_part & (people.group == code))]
    checks.append(_check(
        "Art. 5", ("各受影响群体均有代表参与", "every affected group takes part"), not missing,
        (f"缺席群体：{'、'.join(n('zh') for n in missing) or '无'}", f"groups absent: {'; '.join(n('en') for n in missing) or 'none'}"), lang,
    ))
    if spec.issue.technical:
        kinds = {o.id: o.kind for o in spec.population.organisations}
        experts = any(kinds[people.who[c]] == "expert" for c in people.group[m.invited] if people.who[c] in kinds)
        ok = experts or m.experts_consulted
        checks.append(_check(
            "Art. 5", ("专业性较强的事项邀请专家论证评估", "experts assess technical matters"), ok,
            (f"专家参与：{yes_no(experts)}；专家论证：{yes_no(m.experts_consulted)}",
             f"experts at the table: {yes_no(experts, 'en')}; expert assessment: {yes_no(m.experts_consulted, 'en')}"),
            lang,
        ))
    ok = form.notice_days >= spec.norms.min_notice_days
    checks.append(_check(
        "Art. 7(2)", ("提前向协商主体通报相关信息", "advance notice to participants"), ok,
        (f"提前 {form.notice_days} 天（要求至少 {spec.norms.min_notice_days} 天）", f"{form.notice_days} days (at least {spec.norms.min_notice_days} required)"),
        lang,
    ))
    if m.escalated and not m.consensus:  # a consensus goes to the vote because the law asks, not as escalation
        large = m.last_check is not None and m.last_check.strong_objection >= p.rounds.dispute_threshold
        ok = m.round >= spec.norms.min_rounds_before_escalation or large
        checks.append(_check(
            "Art. 7(3)", ("多次协商无法解决或存在较大争议时才提交会议决定", "escalate only after several rounds or over a large dispute"), ok,
            (f"协商 {m.round} 轮后提交{'（争议较大）' if large else ''}", f"escalated after {m.round} round(s){' (large dispute)' if large else ''}"),
            lang,
        ))
    published = bool(p.publication.channels) and m.stage in ("implementation", "done")
    checks.append(_check(
        "Art. 7(4)", ("及时公开协商结果", "the result is published"), published,
        (f"公开渠道：{terms(p.publication.channels)}", f"channels: {terms(p.publication.channels, 'en')}"), lang,
    ))
    if m.township_involved or any(o.competence == "township" for o in on_table):
        checks.append(_check(
            "Art. 7(4)", ("涉及乡镇（街道）的事项向乡镇（街道）报告结果", "results involving the township are reported to it"), published,
            (("已报告" if published else "未报告"), ("reported" if published else "not reported")), lang,
        ))
    if spec.population.units > 1:
        ok = p.convener == "township"
        checks.append(_check(
            "Art. 10", ("涉及两个以上村（社区）的事项由乡镇（街道）党（工）委牵头", "the township leads matters spanning two or more villages"), ok,
            (f"涉及 {spec.population.units} 个村（社区）；召集方：{term(p.convener)}",
             f"spans {spec.population.units} units; convener: {term(p.convener, 'en')}"), lang,
        ))
    for micro in (r for r in m.records if r.stage == "micro_consultation"):  # held only where a scenario asks (Art. 9)
        d = micro.detail
        checks.append(_check(
            "Art. 9", ("开展楼栋、楼门、小组等“微协商”", "micro-consultation in a building, stairwell or group"), d["attendees"] > 0,
            (f"第 {micro.round} 轮后：{d['attendees']} 人参加，{'提出' + d['tabled'] if d['tabled'] else '未提出新方案'}，"
             f"{'达成' if d['agreement'] else '未达成'}一致",
             f"after round {micro.round}: {d['attendees']} took part, {'tabled ' + d['tabled'] if d['tabled'] else 'tabled nothing'}, "
             f"agreement {'reached' if d['agreement'] else 'not reached'}"), lang,
        ))
    decided = m.decision is not None
    if decided:
        checks.append(_by_body(m, spec.issue.options[m.decision], lang))
    checks.append(_check(
        "Art. 8", ("对持不同意见的群众做好解释说明，监督委员会监督实施", "dissenters get an explanation; the supervision committee supervises"),
        p.implementation.explain_to_dissenters and p.implementation.supervision,
        (f"解释说明：{yes_no(p.implementation.explain_to_dissenters)}；监督：{yes_no(p.implementation.supervision)}",
         f"explanation: {yes_no(p.implementation.explain_to_dissenters, 'en')}; supervision: {yes_no(p.implementation.supervision, 'en')}"),
        lang,
    ))
    rules, support = p.rules_of_procedure, p.support
    haves = {
        ("有人员", "people"): bool(took_part.any()) and (support.organisers > 0 or support.professional != "none"),
        ("有场所", "place"): form.venue if form.mode != "online" else True,
        ("有规则", "rules"): rules.adopted and (rules.max_turns is not None or rules.neutral_chair),
        ("有结果", "result"): decided or m.escalated,
        ("有记录", "record"): p.record,
    }
    lacking = [k for k, v in haves.items() if not v]
    zh, en = f"缺少：{'、'.join(k[0] for k in lacking) or '无'}", f"missing: {', '.join(k[1] for k in lacking) or 'none'}"
    if support.allowance or support.points or support.professional != "none":  # what the community adds (Art. 11, para. 2)
        zh += f"；误工补贴 {support.allowance:g} 元/人·次，积分 {support.points} 分/人·次，专业支持：{term(support.professional)}"
        en += f"; allowance {support.allowance:g} yuan and {support.points} points per attendance; professional support: {term(support.professional, 'en')}"
    checks.append(_check(
        "Art. 11", ("有人员、有场所、有规则、有结果、有记录", "the five haves: people, place, rules, result, record"), not lacking, (zh, en), lang,
    ))
    return checks
