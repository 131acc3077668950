"""The facilitator's guide (主持人指南) to a human role-play of a scenario's consultation: the matter and its
catalogue entry, the options on the board, the procedure step by step (Arts. 7, 8) with suggested minutes,
the legal body's rules exactly as :mod:`simulator.law` states them, how many people play each card, and
what to record for the class-result step. :func:`role_play_pack` puts the guide and all the cards in one
document."""

from __future__ import annotations

import numpy as np

from ..consultation.procedure import notice_days
from ..consultation.runs import scenario_of
from ..consultation.stakeholders import split
from ..documents import Document, Fields, Heading, Items, Paragraph, Table
from ..i18n import BilingualError, Text, check_lang, listing, term, terms, texts
from ..law import BODIES, MATTER_TABLE, threshold_for
from ..law.local import KIND_NAMES
from ..scenario import Scenario
from ..scenario.catalogue import LEVEL_NAMES, find, load as load_catalogue
from ..scenario.shipped import scenarios_dir
from .cards import names, option_label, role_cards
from .facts import CONVENERS, roles

#: Suggested minutes for a classroom (assumptions, docs/model.md section 13).
MINUTES = {"opening": 15, "topic": 5, "participants": 5, "notice": 3, "round": 20, "between": 5, "vote": 10,
           "publication": 5, "explanation": 5, "supervision": 5, "debrief": 15}
CLASS_SIZE, MAX_CLASS = 30, 200

G = texts({
    "title": ("角色扮演材料：{title}", "Role-play pack: {title}"),
    "subtitle": ("主持人指南与角色卡（{n} 张）", "Facilitator's guide and role cards ({n})"),
    "footer": ("由协商沙盘按情景文件 {id} 生成。角色卡上的立场、红线和指示来自情景参数；时间是建议，可按课堂调整。",
               "Made by xieshang from the scenario {id}. Positions, red lines and instructions on the cards come from the "
               "scenario's parameters; the minutes are suggestions for a classroom."),
    "matter": ("一、议题", "1. The matter"),
    "scenario": ("情景", "Scenario"), "summary": ("议题", "Topic"), "entry": ("协商目录条目", "Catalogue entry"),
    "level": ("协商层级", "Level"), "convener": ("召集方", "Convener"), "no_entry": ("（情景未注明目录条目）", "(the scenario names none)"),
    "options": ("二、方案（写在黑板上）", "2. The options (write them on the board)"),
    "option": ("方案", "Option"), "name": ("内容", "What it is"), "kind": ("事项类别", "Matter"), "who": ("由谁决定", "Who decides"),
    "note": ("说明", "Note"), "settle": ("协商议定", "the consultation"),
    "compromise": ("折中方案：修改方案后才上桌", "compromise: tabled by a revised proposal"),
    "proposed": ("住户提出后才上桌：{groups}", "tabled once residents propose it: {groups}"),
    "steps": ("三、程序与建议时间", "3. The procedure and suggested minutes"),
    "step": ("步骤", "Step"), "how": ("怎么做", "What happens"), "minutes": ("建议分钟", "Suggested minutes"),
    "opening": ("开场", "Opening"),
    "opening_how": ("讲规则，按第五部分分发角色卡，各角色读卡 5 分钟；私下指示不给别人看。",
                    "Explain the rules, hand out the cards as part 5 says; each reads theirs for 5 minutes. Private instructions stay private."),
    "topic": ("确定议题（第七条第（一）项）", "Topic (Art. 7(1))"),
    "topic_how": ("主持人宣布议题。意见收集渠道：{channels}，{days} 天。", "The facilitator announces the topic, collected through {channels} over {days} days."),
    "participants": ("确定主体和形式（第七条第（二）项）", "Participants and form (Art. 7(2))"),
    "participants_how": ("参加者：{rule}，{size} 席；必须邀请：{mandatory}。形式：{mode}，{time}，{hours} 小时。",
                         "Participants: {rule}, {size} seats; always invited: {mandatory}. Form: {mode}, {time}, {hours} hours."),
    "notice": ("提前通报", "Notice"), "notice_how": ("提前 {days} 天通报时间、地点、议题和方案。", "Notice of time, place, topic and options {days} days ahead."),
    "round": ("协商会议（第七条第（三）项）", "Meetings (Art. 7(3))"),
    "round_how": ("最多 {max} 轮。{turns}{chair}共识规则：{rule}。每轮结束时主持人提出多数人能接受的方案，检验是否达成共识。",
                  "At most {max} rounds. {turns}{chair}Consensus: {rule}. At the end of each round the chair proposes the option most "
                  "can accept and checks for consensus."),
    "turns": ("每人每轮最多发言 {n} 次。", "At most {n} turns each per round. "),
    "neutral": ("中立主持人（培训者或一名学员，不持立场）主持。", "A neutral chair (the trainer or a student with no card) runs it. "),
    "not_neutral": ("召集方主持。", "The convener chairs. "),
    "between": ("两轮之间", "Between rounds"), "between_how": ("{actions}：各角色可私下交谈、上门劝说。", "{actions}: roles may talk in private or visit."),
    "vote": ("提交表决", "To the vote"), "vote_how": ("{rule}：{body}按第四部分的规则表决。", "{rule}: the {body} votes under the rules of part 4."),
    "publication": ("公开结果（第七条第（四）项）", "Publication (Art. 7(4))"),
    "publication_how": ("通过{channels}公开 {days} 天，接受监督。", "Published through {channels} for {days} days."),
    "explanation": ("解释说明（第八条）", "Explanation (Art. 8)"),
    "explanation_how": ("召集方向持不同意见的角色解释结果。", "The convener explains the result to the roles who disagree."),
    "no_explanation": ("情景未安排解释说明。", "The scenario arranges none."),
    "supervision": ("组织实施与监督（第八条）", "Implementation and supervision (Art. 8)"),
    "supervision_how": ("{days} 天内实施；{watch}", "Carried out within {days} days; {watch}"),
    "watched": ("监督方监督实施情况，落实情况要公开。", "it is overseen and the outcome published."), "unwatched": ("情景未安排监督。", "no oversight arranged."),
    "debrief": ("复盘", "Debrief"), "debrief_how": ("填写第六部分的课堂结果，讨论与模型结果的差别。", "Fill in part 6 and discuss how it differs from the model."),
    "total": ("合计（建议）", "Total (suggested)"),
    "law": ("四、法定机构的规则", "4. The legal body's rules"),
    "law_lead": ("协商会议只能提出建议；法律保留给{body}的事项由它表决决定（{law}）。表决前通知 {days} 天。有表决权的：{roll}。",
                 "The meeting can only recommend; matters the law reserves to the {body} are decided by its vote ({law}). "
                 "Notice before the vote: {days} days. On the roll: {roll}."),
    "landlord": ("（房东代{groups}投票）", " (landlords vote for {groups})"),
    "matter_rule": ("{matter}（{options}）：{rule}", "{matter} ({options}): {rule}"),
    "no_vote": ("协商议定即可，无须表决。依据：{law}", "the consultation may settle it; no vote. Law: {law}"),
    "required": ("情景要求协商一致后也提交表决。", "The scenario sends it to the vote even after agreement."),
    "local": ("地方规则（须同时满足）：{rule}{source}", "Local rule (must also pass): {rule}{source}"),
    "villages_all": ("跨村事项：各村分别表决，每个村都须通过（第十条）。", "Spanning villages: each votes; every village must pass it (Art. 10)."),
    "villages_majority": ("跨村事项：各村分别表决，过半数村通过即可（第十条）。", "Spanning villages: each votes; a majority of villages suffices (Art. 10)."),
    "consensus_supermajority": ("{among}中 {q} 以上可以接受", "at least {q} of those {among} can accept it"),
    "consensus_unanimity": ("{among}全部可以接受", "every one of those {among} can accept it"),
    "consensus_no_strong_objection": ("{among}中无人强烈反对", "no one {among} strongly objects"),
    "present": ("到场者", "present"), "invited": ("受邀者", "invited"),
    "cast": ("五、谁扮演哪张卡（{n} 人）", "5. Who plays which card ({n} people)"),
    "card": ("角色卡", "Card"), "players": ("人数", "Players"), "each": ("每人代表", "Each stands for"),
    "households": ("约 {n} 户", "about {n} households"), "observers": ("观察员（记录、计时）", "Observers (minutes, timing)"), "itself": ("本组织", "the organisation"),
    "cast_note": ("组织各 1 人；其余按各群体户数比例分配（最大余数法），每个群体至少 1 人。表决时每人按所代表户数计票。",
                  "One player per organisation; the rest split by the groups' shares of households (largest remainder), at "
                  "least one each. In a vote each player's ballot counts for the households they stand for."),
    "record": ("六、记录课堂结果", "6. Record the class's result"),
    "record_lead": ("结束时填写，用于与模型对照（xieshang class）。", "Fill in at the end, to compare with the model (xieshang class)."),
    "chosen": ("选定的方案（或“无”）", "Option chosen (or none)"), "rounds": ("协商轮数", "Rounds held"),
    "voted": ("是否提交表决；通过或未通过", "Put to the vote? Passed or failed"),
    "tally": ("表决结果（同意户数 / 应到户数）", "Tally (yes households / entitled)"),
    "objected": ("强烈反对的角色", "Roles that strongly objected"),
    "bad_class": ("班级人数（--class-size）应为 {low} 到 {high} 之间的整数（每张角色卡至少 1 人），实际为 {n}",
                  "the class size (--class-size) must be a whole number from {low} to {high} (at least one player per card), got {n}"),
})


def cast(scenario, class_size: int = CLASS_SIZE) -> dict[str, int]:
    """Players per card: one per organisation, the rest split over the groups by share (each at least one, at most
    one per household); whoever is left observes (``class_size`` minus the sum)."""
    s = scenario_of(scenario)
    groups, orgs = s.population.groups, s.population.organisations
    low = len(groups) + len(orgs)
    if isinstance(class_size, bool) or not isinstance(class_size, int) or not low <= class_size <= MAX_CLASS:
        raise BilingualError(*G["bad_class"].format(low=low, high=MAX_CLASS, n=class_size))
    extra = split(class_size - low, np.array([g.share for g in groups])) if class_size > low else [0] * len(groups)
    households = split(s.population.households, np.array([g.share for g in groups]))
    # never more players than households: in a small stairwell the rest observe
    return {**{g.id: int(min(1 + e, max(h, 1))) for g, e, h in zip(groups, extra, households)}, **{o.id: 1 for o in orgs}}


def facilitator_guide(scenario, lang: str = "zh", class_size: int = CLASS_SIZE) -> tuple:
    """The guide's blocks: matter, options, procedure with minutes, the body's rules, the cast, the record."""
    check_lang(lang)
    s = scenario_of(scenario)
    t = lambda key, **v: G[key](lang, **v)  # noqa: E731
    players = cast(s, class_size)
    return (
        Heading(t("matter")), _matter(s, lang),
        Heading(t("options")), _options(s, lang),
        Heading(t("steps")), _steps(s, lang),
        Heading(t("law")), *_law(s, lang),
        Heading(t("cast", n=class_size)), _cast(s, players, class_size, lang), Paragraph(t("cast_note"), note=True),
        Heading(t("record")), Paragraph(t("record_lead")),
        Fields(tuple((t(k), "") for k in ("chosen", "rounds", "voted", "tally", "objected"))),
    )


def role_play_pack(scenario, lang: str = "zh", class_size: int = CLASS_SIZE) -> Document:
    """The facilitator's guide, then every role card, as one printable document."""
    s = scenario_of(scenario)
    guide = facilitator_guide(s, lang, class_size)
    cards = role_cards(s, lang)
    return Document(title=G["title"](lang, title=s.title(lang)), subtitle=G["subtitle"](lang, n=len(cards)),
                    blocks=(*guide, *cards), lang=lang, footer=G["footer"](lang, id=s.id),
                    meta={"scenario": s.id, "class_size": class_size})


def _matter(s: Scenario, lang: str) -> Fields:
    t = lambda key, **v: G[key](lang, **v)  # noqa: E731
    ref, entry = s.issue.catalogue, None
    if ref is not None:
        path = find(ref.file, scenarios_dir())
        entry = load_catalogue(path).entry(ref.entry) if path is not None else None
    where = f"{entry.name(lang)}（{ref.file} · {ref.entry}）" if entry else t("no_entry")
    if entry and lang == "en":
        where = f"{entry.name(lang)} ({ref.file} · {ref.entry})"
    level = Text(*LEVEL_NAMES[entry.level])(lang) if entry else "—"
    kinds = CONVENERS[s.procedure.convener]
    found = [o.name(lang) for o in s.population.organisations if o.kind in kinds]
    convener = listing(found, lang) if found else term(s.procedure.convener, lang)
    return Fields(((t("scenario"), s.title(lang)), (t("summary"), s.summary(lang)), (t("entry"), where),
                   (t("level"), level), (t("convener"), convener)))


def _options(s: Scenario, lang: str) -> Table:
    t = lambda key, **v: G[key](lang, **v)  # noqa: E731
    body = BODIES[s.procedure.escalation.body]
    name = names(s, lang)
    rows = []
    for o in s.issue.options:
        m = MATTER_TABLE[o.legal_class]
        note = t("compromise") if o.compromise else t("proposed", groups=listing([name[g] for g in o.proposed_by], lang)) if o.proposed_by else ""
        rows.append((option_label(s, o.id, lang), o.name(lang), m.name(lang), body.name(lang) if m.reserved else t("settle"), note))
    return Table((t("option"), t("name"), t("kind"), t("who"), t("note")), tuple(rows))


def _steps(s: Scenario, lang: str) -> Table:
    t = lambda key, **v: G[key](lang, **v)  # noqa: E731
    p, m = s.procedure, MINUTES
    name = names(s, lang)
    rp = p.rules_of_procedure
    turns = t("turns", n=rp.max_turns) if rp.adopted and rp.max_turns else ""
    chair = t("neutral" if rp.adopted and rp.neutral_chair else "not_neutral")
    rows = [
        (t("opening"), t("opening_how"), m["opening"]),
        (t("topic"), t("topic_how", channels=terms(p.topic.channels, lang), days=p.topic.days), m["topic"]),
        (t("participants"), t("participants_how", rule=term(p.selection.rule, lang), size=p.selection.size,
                                mandatory=listing([name[o] for o in p.selection.mandatory], lang) or term("none", lang),
                                mode=term(p.form.mode, lang), time=_time(p.form.time, lang), hours=f"{p.form.hours:g}"), m["participants"]),
        (t("notice"), t("notice_how", days=p.form.notice_days), m["notice"]),
        (t("round"), t("round_how", max=p.rounds.max, turns=turns, chair=chair, rule=consensus_text(s, lang)), _round(p.rounds.max) * p.rounds.max),
    ]
    if p.rounds.max > 1 and p.rounds.between:
        rows.append((t("between"), t("between_how", actions=terms(p.rounds.between, lang)), m["between"] * (p.rounds.max - 1)))
    if p.rounds.escalation != "never" or p.escalation.required:
        body = BODIES[p.escalation.body].name(lang)
        rows.append((t("vote"), t("vote_how", rule=term(p.rounds.escalation, lang), body=body), m["vote"]))
    rows += [
        (t("publication"), t("publication_how", channels=terms(p.publication.channels, lang), days=p.publication.days), m["publication"]),
        (t("explanation"), t("explanation_how" if p.implementation.explain_to_dissenters else "no_explanation"), m["explanation"]),
        (t("supervision"), t("supervision_how", days=p.implementation.days,
                             watch=t("watched" if p.implementation.supervision else "unwatched")), m["supervision"]),
        (t("debrief"), t("debrief_how"), m["debrief"]),
    ]
    total = sum(r[2] for r in rows)
    return Table((t("step"), t("how"), t("minutes")), tuple((a, b, str(c)) for a, b, c in rows) + ((t("total"), "", str(total)),))


def _round(rounds: int) -> int:
    """Suggested minutes a round: 20, shorter when there are many, so the meetings take about an hour (at least 10)."""
    return max(10, min(MINUTES["round"], 60 // rounds))


def consensus_text(s: Scenario, lang: str) -> str:
    """The table's consensus rule in words."""
    c = s.procedure.consensus
    return G[f"consensus_{c.rule}"](lang, among=G[c.among](lang), q=f"{c.q:.0%}")


def _time(time: str, lang: str) -> str:
    return {"evening": Text("晚上", "evening"), "daytime": Text("白天", "daytime"), "weekend": Text("周末", "weekend")}[time](lang)


def _law(s: Scenario, lang: str) -> list:
    """The body's rules: the lead, one line per matter (threshold text from simulator.law), local rules, villages."""
    t = lambda key, **v: G[key](lang, **v)  # noqa: E731
    esc = s.procedure.escalation
    body = BODIES[esc.body]
    name = names(s, lang)
    facts = {r.id: r for r in roles(s)}
    voters = [g for g in s.population.groups if facts[g.id].on_roll]
    landlord = [name[g.id] for g in voters if facts[g.id].by_landlord]
    roll = listing([name[g.id] for g in voters if not facts[g.id].by_landlord], lang)
    if landlord:
        roll += t("landlord", groups=listing(landlord, lang))
    days = notice_days(esc, s.norms.vote_notice_days)
    lead = Paragraph(t("law_lead", body=body.name(lang), law=body.law(lang), days=days, roll=roll))
    lines, seen = [], []
    for o in s.issue.options:
        if o.legal_class in seen:
            continue
        seen.append(o.legal_class)
        m = MATTER_TABLE[o.legal_class]
        options = listing([option_label(s, x.id, lang) for x in s.issue.options if x.legal_class == o.legal_class], lang)
        rule = threshold_for(esc.body, m.threshold).text(lang) if m.reserved else t("no_vote", law=m.law(lang))
        lines.append(t("matter_rule", matter=m.name(lang), options=options, rule=rule))
    if esc.required:
        lines.append(t("required"))
    for rule in esc.local_rules:
        label = KIND_NAMES[rule.kind].format(share=f"{rule.share * 100:g}%", groups=listing([name[g] for g in rule.groups], lang))(lang)
        source = (f"（{rule.source.zh}）" if lang == "zh" else f" ({rule.source.en})") if rule.source else ""
        lines.append(t("local", rule=label, source=source))
    if s.population.villages:
        lines.append(t(f"villages_{esc.villages_must_pass}"))
    return [lead, Items(tuple(lines))]


def _cast(s: Scenario, players: dict[str, int], class_size: int, lang: str) -> Table:
    t = lambda key, **v: G[key](lang, **v)  # noqa: E731
    name = names(s, lang)
    facts = {r.id: r for r in roles(s)}
    rows = []
    for who, n in players.items():
        r = facts[who]
        per = r.households / n
        each = t("households", n=f"{per:.0f}" if per >= 10 else f"{per:.2g}") if r.group else t("itself")
        rows.append((name[who], str(n), each))
    observers = class_size - sum(players.values())
    if observers:
        rows.append((t("observers"), str(observers), "—"))
    return Table((t("card"), t("players"), t("each")), tuple(rows))
