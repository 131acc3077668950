"""Role cards (角色卡): one per stakeholder group and organisation, each with five parts a trainer can read
aloud — what it wants, its red lines, what it knows and does not know, whom it trusts, and a private
instruction. Every word comes from the scenario through :mod:`.facts`; each card fits one A6 card."""

from __future__ import annotations

from ..consultation.runs import scenario_of
from ..documents import Card, Heading, Items, Paragraph
from ..i18n import Text, check_lang, listing, term, texts
from ..law import BODIES, MATTER_TABLE
from ..scenario import Scenario
from .facts import CONVENERS, CUTS, Role, roles

W = texts({
    "label": ("角色卡 {i}/{n} · {title}", "Role card {i}/{n} · {title}"),
    "group": ("你们：约 {households} 户（占 {share}），{tenure}。", "You are about {households} households ({share}), {tenure}."),
    "owner": ("业主", "owners"), "tenant": ("租户", "tenants"), "villager": ("本村户籍村民", "registered villagers"),
    "non_registered": ("非本村户籍的常住户", "residents without local registration"),
    "convener": ("本次协商的召集方。", "You convene this consultation."),
    "mandatory": ("必须邀请你们参加。", "You must be invited."),
    "want": ("一、你们要什么", "1. What you want"),
    "option": ("方案{n}", "Option {n}"),
    "favourite": ("最想要：{option}（{name}）", "You want most: {option} ({name})"),
    "acceptable": ("也能接受：{options}", "You can also accept: {options}"),
    "gains": ("对你们有利：{options}", "Good for you: {options}"),
    "pays": ("要你们付出或改变做法：{options}", "Asks you to pay or change: {options}"),
    "effect": ("{option}：{what}", "{option}: {what}"),
    "red": ("二、红线", "2. Red lines"),
    "red_lines": ("坚决反对：{options}。", "You will not accept: {options}."),
    "obstruct": ("它要施工：若强行通过，你们中会有人阻工。", "If forced through, some of you will block the works."),
    "revoke": ("若表决通过而损害你们，可请求法院撤销。", "If voted through, you may ask a court to revoke it."),
    "no_red": ("没有绝对不能接受的方案；最不愿意：{option}。", "No option is out of the question; you like least: {option}."),
    "know": ("三、知道什么，不知道什么", "3. What you know and do not know"),
    "know_own": ("知道：自己的处境，公布的各方案和法律依据。", "Known: your situation, the options on the board, the law."),
    "know_expert": ("只有你们知道论证结论：{views}。", "Only you know the assessment: {views}."),
    "good": ("{option}较好", "{option} holds up"), "bad": ("{option}有问题", "{option} has problems"),
    "know_rules": ("知道{body}的表决规则。", "You know the {body}'s rules."),
    "no_rules": ("不知道{body}的表决门槛。", "You do not know the {body}'s thresholds."),
    "no_vote": ("你们在{body}没有表决权。", "You have no vote in the {body}."),
    "landlord": ("{body}由房东代你们投票。", "Your landlords vote for you in the {body}."),
    "not_others": ("不知道：别人的立场和红线。", "Unknown: the others' positions and red lines."),
    "trust": ("四、你们信谁", "4. Whom you trust"),
    "trust_high": ("信任召集方（{convener}）。", "You trust the convener ({convener})."),
    "trust_mid": ("基本信任召集方（{convener}），但要看具体做法。", "You broadly trust the convener ({convener})."),
    "trust_low": ("对召集方（{convener}）将信将疑，要看书面材料。", "You half-trust the convener ({convener}); you want it in writing."),
    "allies": ("立场相近，愿意听：{names}。", "Allies: {names}."),
    "no_allies": ("没有和你们想法一样的一方。", "No one wants what you want most."),
    "opponents": ("立场相反：{names}。", "Against you: {names}."),
    "weighty": ("你们说话有分量。", "Your word carries weight."),
    "secret": ("五、私下指示（不给别人看）", "5. Private instruction (show no one)"),
    "come_must": ("每次都必须到场。", "Come to every meeting."),
    "come_high": ("每次都到场。", "Come to every meeting."),
    "come_mid": ("一般会来开会。", "You usually come."),
    "come_low": ("不太想来：有人上门走访或再次邀请才来。", "You would rather not come: only a home visit or a second invitation brings you."),
    "daytime": ("白天开会时只来一半人。", "If the meeting is in the daytime, only half of you come."),
    "written": ("线上开会时，不会上网的人交书面意见。", "If the meeting is online, those of you without a phone send a written view."),
    "speak_high": ("抢着发言，用足每人 {turns} 次机会。", "Speak first and use all {turns} turns each."),
    "speak_high_free": ("抢着发言，多说几次。", "Speak first and often."),
    "speak_low": ("不主动发言，主持人点名才说。", "Do not speak unless the chair asks you."),
    "speak_mid": ("说到你们的利益时发言。", "Speak when your interests come up."),
    "hold_red": ("无论如何不同意{options}。", "Never agree to {options}."),
    "hold_low": ("坚持到最后一轮再考虑让步。", "Hold out until the last round."),
    "hold_mid": ("第二轮以后可以考虑让步。", "From the second round you may give ground."),
    "hold_high": ("听到好理由可以改变看法。", "Change your mind if you hear a good reason."),
    "backlash": ("有人上门劝说，你们会更反感。", "A visit to talk you round only makes you more stubborn."),
    "propose": ("时机合适时提出{option}。", "When the time is right, propose {option}."),
    "chair_neutral": ("宣布议题和规则，主持交给中立主持人。", "Announce the topic and the rules; a neutral chair runs the meeting."),
    "chair_self": ("由你们主持会议。", "You chair the meeting."),
    "expert_say": ("有人问时才说出论证结论。", "Give the assessment only when asked."),
    "about": ("约", "c. "),
    "yuan_out": ("每户付出{yuan}", "you pay {yuan}"),
    "yuan_in": ("每户得到{yuan}", "you get {yuan}"),
    "time+": ("省时间", "saves time"), "time-": ("费时间", "costs time"),
    "noise+": ("更安静", "quieter"), "noise-": ("更吵", "noisier"),
    "light+": ("采光变好", "more light"), "light-": ("采光变差", "less light"),
    "convenience+": ("更方便", "more convenient"), "convenience-": ("更不方便", "less convenient"),
})

#: Each organisation kind's part in the procedure (Arts. 5, 7, 8, 10, 11 of the Tianjin norms).
KIND_ROLES = texts({
    "party_branch": ("党组织：领导协商，把握方向。", "The Party branch: leads the consultation."),
    "two_committees": ("“两委”：定议题、召集协商、公开结果、组织实施（第七、八条）。",
                       "The two committees: set the topic, convene, publish the result, carry it out (Arts. 7, 8)."),
    "residents_committee": ("居委会：组织居民协商，公开结果，向有不同意见的人解释（第七、八条）。",
                            "The residents' committee: runs the consultation, publishes the result, explains it to those who disagree (Arts. 7, 8)."),
    "villagers_committee": ("村委会：组织村民协商，公开结果，组织实施（第七、八条）。",
                            "The villagers' committee: runs the consultation, publishes the result, carries it out (Arts. 7, 8)."),
    "supervision_committee": ("监督委员会：监督实施情况（第八条）。", "The supervision committee: watches the implementation (Art. 8)."),
    "owners_committee": ("业委会：代表业主，召集业主大会表决。", "The owners' committee: speaks for the owners and calls the owners' assembly."),
    "property_company": ("物业：为协商提供保障，落实涉及物业的事项（第十一条）。",
                         "The property company: supports the consultation and carries out what concerns it (Art. 11)."),
    "township": ("乡镇（街道）：指导、监督、协调，纠正违法（第十条）。",
                 "The township: guides, oversees, coordinates and corrects what breaks the law (Art. 10)."),
    "community_unit": ("驻区单位：协商主体之一，能拿出资源。", "A unit in the community: a party that can offer resources."),
    "social_organisation": ("社区社会组织：反映成员诉求，协助落实。", "A community organisation: voices its members and helps carry things out."),
    "collective_organisation": ("集体经济组织：管理集体资产，组织实施（第八条）。",
                                "The collective economic organisation: manages collective assets and carries out decisions (Art. 8)."),
    "expert": ("专业支持：提供论证意见（第五条），不替大家做决定。", "Professional support: gives an assessment (Art. 5), decides nothing."),
    "deputies": ("“两代表一委员”：听取意见，反映诉求，监督。", "Deputies and CPPCC members: hear views, pass them on, oversee."),
    "veteran_cadre": ("老党员、老干部：有威望，常做调解。", "Veteran Party members and cadres: respected, often mediate."),
    "building_leader": ("楼门栋长：联系本楼住户，上门征求意见。", "Building leader: knows the households and asks them at home."),
})


def role_cards(scenario, lang: str = "zh") -> tuple[Card, ...]:
    """One card per group, then one per organisation, in the scenario's order."""
    check_lang(lang)
    s = scenario_of(scenario)
    found = roles(s)
    return tuple(_card(s, role, i + 1, len(found), lang) for i, role in enumerate(found))


def names(s: Scenario, lang: str) -> dict[str, str]:
    """Every group's and organisation's name, and each option's number (方案二), by id."""
    pop = s.population
    return {**{x.id: x.name(lang) for x in (*pop.groups, *pop.organisations)},
            **{o.id: option_label(s, o.id, lang) for o in s.issue.options}}


def option_label(s: Scenario, option: str, lang: str = "zh") -> str:
    """How a card and the guide name an option: by its number on the board (方案二 / Option 2)."""
    n = s.option_ids().index(option) + 1
    return W["option"](lang, n=NUMERALS[n - 1] if lang == "zh" and n <= len(NUMERALS) else n)


NUMERALS = "一二三四五六七八九十"


def _card(s: Scenario, r: Role, i: int, n: int, lang: str) -> Card:
    name = names(s, lang)
    opts = lambda ids: listing([name[o] for o in ids], lang)  # noqa: E731
    t = lambda key, **v: W[key](lang, **v)  # noqa: E731
    body = BODIES[s.procedure.escalation.body]
    who = next(x for x in (*s.population.groups, *s.population.organisations) if x.id == r.id)
    if r.group:
        intro = t("group", households=r.households, share=f"{r.share:.0%}", tenure=t(who.tenure))
    else:
        intro = _join([KIND_ROLES[r.kind](lang), *([t("convener")] if r.convener else []), *([t("mandatory")] if r.mandatory else [])], lang)

    want = [t("favourite", option=name[r.favourite], name=s.option_names(lang)[r.favourite])]
    if r.acceptable:
        want.append(t("acceptable", options=opts(r.acceptable)))
    want += [t("effect", option=name[o], what=_effects(e, lang)) for o, e in r.effects.items()]
    listed = {r.favourite, *r.acceptable, *r.effects}
    gains, pays = [o for o in r.gains if o not in listed], [o for o in r.pays if o not in r.effects]
    if gains:
        want.append(t("gains", options=opts(gains)))
    if pays:
        want.append(t("pays", options=opts(pays)))

    options = {o.id: o for o in s.issue.options}
    if r.red_lines:
        red = t("red_lines", options=opts(r.red_lines))
        if any(options[o].works for o in r.red_lines):
            red = _join([red, t("obstruct")], lang)
        if (r.on_roll and not r.by_landlord and body.revocation is not None
                and any(MATTER_TABLE[options[o].legal_class].reserved for o in r.red_lines)):
            red = _join([red, t("revoke")], lang)
    else:
        red = t("no_red", option=name[r.least])

    know = [t("know_own")]
    views = [t("good" if o.expert_view > 0 else "bad", option=name[o.id]) for o in s.issue.options if o.expert_view]
    if r.expert and views:
        know.append(t("know_expert", views=listing(views, lang)))
    if r.group and not r.on_roll:
        know.append(t("no_vote", body=body.name(lang)))
    elif r.by_landlord:
        know.append(t("landlord", body=body.name(lang)))
    know.append(t("know_rules" if r.knows_rules else "no_rules", body=body.name(lang)))
    know.append(t("not_others"))

    convener = _convener(s, lang)
    trust = []
    if not r.convener:
        level = "trust_high" if r.trust >= CUTS["trust_high"] else "trust_low" if r.trust < CUTS["trust_low"] else "trust_mid"
        trust.append(t(level, convener=convener))
    trust.append(t("allies", names=listing([name[k] for k in r.allies], lang)) if r.allies else t("no_allies"))
    if r.opponents:
        trust.append(t("opponents", names=listing([name[k] for k in r.opponents], lang)))
    if r.influence >= CUTS["influence_high"]:
        trust.append(t("weighty"))

    return Card(title=name[r.id], label=t("label", i=i, n=n, title=s.title(lang)), blocks=(
        Paragraph(intro),
        Heading(t("want"), 2), Items(tuple(want)),
        Heading(t("red"), 2), Paragraph(red),
        Heading(t("know"), 2), Paragraph(_join(know, lang)),
        Heading(t("trust"), 2), Paragraph(_join(trust, lang)),
        Heading(t("secret"), 2), Paragraph(_join(_instruction(s, r, lang), lang)),
    ))


def _join(sentences: list[str], lang: str) -> str:
    """Sentences one after another ('' between Chinese ones, a space between English ones)."""
    return ("" if lang == "zh" else " ").join(sentences)


def _convener(s: Scenario, lang: str) -> str:
    """The name of the convening organisation at the table, else the convener's title."""
    kinds = CONVENERS[s.procedure.convener]
    found = [o.name(lang) for o in s.population.organisations if o.kind in kinds]
    return listing(found, lang) if found else term(s.procedure.convener, lang)


def _effects(effect: dict[str, float], lang: str) -> str:
    parts = []
    for d, v in effect.items():
        if d == "money":
            parts.append(W["yuan_in" if v > 0 else "yuan_out"](lang, yuan=_yuan(abs(v), lang)))
        else:
            parts.append(W[f"{d}{'+' if v > 0 else '-'}"](lang))
    return Text("，", ", ")(lang).join(parts)


def _yuan(v: float, lang: str) -> str:
    """Yuan as a trainer reads them: to 1,000 yuan (0.1 万元), with 约 / about when rounded."""
    rounded = round(v, -3) if v >= 1_000 else round(v, -2)
    about = W["about"](lang) if rounded != v else ""
    if lang == "zh":
        return about + (f"{rounded / 10_000:g}万元" if rounded >= 10_000 else f"{rounded:g}元")
    return about + f"{rounded:,.0f} yuan"


def _instruction(s: Scenario, r: Role, lang: str) -> list[str]:
    """The private instruction: whether to come, whether to speak, how long to hold out, what to propose."""
    t = lambda key, **v: W[key](lang, **v)  # noqa: E731
    proc = s.procedure
    name = names(s, lang)
    out = []
    if r.mandatory:
        out.append(t("come_must"))
    elif r.salience >= CUTS["salience_high"]:
        out.append(t("come_high"))
    elif r.salience < CUTS["salience_low"]:
        out.append(t("come_low"))
    else:
        out.append(t("come_mid"))
    if r.group and proc.form.time == "daytime" and r.works_daytime >= CUTS["works_daytime"]:
        out.append(t("daytime"))
    if r.group and proc.form.mode == "online" and proc.form.offline_channel and r.digital < CUTS["digital_low"]:
        out.append(t("written"))
    if r.convener:
        out.append(t("chair_neutral" if proc.rules_of_procedure.neutral_chair else "chair_self"))
    turns = proc.rules_of_procedure.max_turns if proc.rules_of_procedure.adopted else None
    if r.speaking >= CUTS["speaking_high"]:
        out.append(t("speak_high", turns=turns) if turns else t("speak_high_free"))
    elif r.speaking <= CUTS["speaking_low"]:
        out.append(t("speak_low"))
    else:
        out.append(t("speak_mid"))
    if r.expert:
        out.append(t("expert_say"))
    if r.red_lines:
        out.append(t("hold_red", options=listing([name[o] for o in r.red_lines], lang)))
    out.append(t("hold_low" if r.openness <= CUTS["openness_low"] else "hold_high" if r.openness >= CUTS["openness_high"] else "hold_mid"))
    if r.backlash:
        out.append(t("backlash"))
    offer = [o for o in s.issue.options if o.compromise and r.utility[o.id] >= proc.consensus.accept]
    if offer and r.influence >= CUTS["influence_high"]:
        out.append(t("propose", option=name[offer[0].id]))
    return out
