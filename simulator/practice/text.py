"""The practice seat's words, Chinese first: titles and help of the decision points, the convener's
view of a round, the log and the debrief."""

from __future__ import annotations

from ..i18n import Text, texts


def fill(text: Text, **values) -> Text:
    """``text`` with placeholders filled in each language; a :class:`Text` value gives its own language."""
    pick = lambda lang: {k: (v.zh if lang == "zh" else v.en) if isinstance(v, Text) else v for k, v in values.items()}  # noqa: E731
    return Text(text.zh.format(**pick("zh")), text.en.format(**pick("en")))


#: Decision points: the title the person sees.
TITLES = texts({
    "topic": ("第一步：怎样收集议题（第七条第（一）项）", "Step 1: how to collect the topic (Art. 7(1))"),
    "participants": ("第二步：谁来参加协商（第五条、第七条第（二）项）", "Step 2: who sits at the table (Art. 5, 7(2))"),
    "form": ("第三步：协商形式、时间与通知（第六条、第七条第（二）项）", "Step 3: form, time and notice (Art. 6, 7(2))"),
    "after_round": ("第 {round} 轮协商之后：下一步怎么办（第七条第（三）项）", "After round {round}: what next (Art. 7(3))"),
    "publication": ("公开结果并向不同意见者解释（第七条第（四）项、第八条）", "Publish the result and explain it to dissenters (Art. 7(4), 8)"),
    "done": ("协商已结束，可以查看复盘", "The consultation is over: see the debrief"),
})

#: Fields: label and help (what it means, with the article of the norms).
LABELS = texts({
    "channels": ("收集议题的渠道", "channels for collecting concerns"),
    "rule": ("协商主体的产生方式", "how participants are chosen"),
    "size": ("席位数（全体受影响住户时不用）", "seats (not used when every affected household is invited)"),
    "organisations": ("必须邀请的组织", "organisations invited"),
    "more_from": ("另外多邀请的住户群体", "groups to invite more households of"),
    "more_count": ("每个群体多邀请的户数", "extra households per group"),
    "mode": ("协商形式", "form"),
    "offline_channel": ("线上协商时保留线下表达渠道", "keep an offline channel when online"),
    "time": ("会议时间", "meeting time"),
    "notice_days": ("提前通知天数", "days of notice"),
    "next": ("下一步", "next step"),
    "actions": ("下一轮之前做什么", "what to do before the next round"),
    "pub_channels": ("公开结果的渠道", "channels for publishing the result"),
    "explain": ("向持不同意见的群众解释说明", "explain the result to those who disagreed"),
})
HELP = texts({
    "channels": ("第七条第（一）项：通过多种渠道收集群众意见。网上渠道只能听到会用智能手机的人。",
                 "Art. 7(1): collect concerns through several channels. Online channels reach only smartphone users."),
    "rule": ("第五条：协商主体应包括利益相关方，受影响的各群体都应有代表。自愿报名多来的是最关心、最有空的人。",
             "Art. 5: participants include those concerned; every affected group should be represented. An open call "
             "brings those who care most and have time."),
    "size": ("席位越多越能代表全体，但会议更难开、成本更高。", "More seats mirror the community better but cost more."),
    "organisations": ("第五条：可邀请“两代表一委员”、专家、物业服务企业、驻社区单位等参加。",
                      "Art. 5: deputies, experts, the property company, nearby units and others may be invited."),
    "more_from": ("点名多邀请某个群体的住户（按关心程度从高到低），或邀请坚持反对者的邻居。",
                  "Invite more households of a named group (those who care most first), or the holdouts' neighbours."),
    "more_count": ("每个点名群体多邀请多少户。", "How many more households per named group."),
    "mode": ("第六条：可线下、线上或线上线下结合；法律要求线下的事项须线下协商。",
             "Art. 6: offline, online or both; matters the law requires offline must be held offline."),
    "offline_channel": ("第六条：线上协商应保留线下意见表达渠道，照顾不会上网的群众。",
                        "Art. 6: an online consultation keeps an offline channel for those not online."),
    "time": ("上班族晚上和周末才有空，老人白天更方便。", "Commuters are free evenings and weekends; elderly people in the daytime."),
    "notice_days": ("第七条第（二）项：提前向协商主体通报相关信息。", "Art. 7(2): tell participants in advance."),
    "next": ("第七条第（三）项：多次协商无法解决或争议较大的，提交{body}决定；也可以继续协商或结束协商。",
             "Art. 7(3): if several rounds do not settle it or the dispute is large, the {body} decides; "
             "you may also hold another round or close."),
    "actions": ("入户走访、专家论证、修改方案、请乡镇（街道）调解：在下一轮之前进行。",
                "Home visits, expert assessment, a revised proposal, township mediation: done before the next round."),
    "pub_channels": ("第七条第（四）项：及时公开协商结果。", "Art. 7(4): publish the result promptly."),
    "explain": ("第八条：对持不同意见的群众做好解释说明。", "Art. 8: explain the result to those who disagreed."),
})
VALUES = texts({
    "another_round": ("再协商一轮", "hold another round"),
    "escalate": ("提交{body}表决", "put it to the {body}"),
    "close": ("结束协商（不作决定）", "close without a decision"),
    "evening": ("晚上", "evening"),
    "daytime": ("白天", "daytime"),
    "weekend": ("周末", "weekend"),
    "holdout_neighbours": ("坚持反对者的邻居", "the holdouts' neighbours"),
    "rules": ("按情景规则", "as the scenario's rules say"),
})

#: The convener's view of a round.
SEEN = texts({
    "group": ("群体", "group"),
    "invited": ("邀请", "invited"),
    "came": ("到场", "came"),
    "wrote": ("书面意见", "wrote"),
    "turns": ("发言次数", "speaking turns"),
    "proposal": ("桌上的方案：{option}", "The proposal on the table: {option}"),
    "support": ("{group}：支持“{option}”。{why}", "{group}: for “{option}”. {why}"),
    "accept": ("{group}：多数可以接受“{option}”，也有人有顾虑。{why}", "{group}: most can accept “{option}”, some have doubts. {why}"),
    "object": ("{group}：反对“{option}”。{why}", "{group}: objects to “{option}”. {why}"),
    "strong": ("{group}：强烈反对“{option}”。{why}", "{group}: strongly objects to “{option}”. {why}"),
    "pays": ("他们说这个方案要他们改变做法或付出代价。", "They say it makes them change their ways or pay."),
    "gains": ("他们说这个方案对他们有好处。", "They say it does them good."),
    "costs": ("他们说这个方案让他们{items}。", "They say it leaves them {items}."),
    "benefits": ("他们说这个方案让他们{items}。", "They say it leaves them {items}."),
    "prefer": ("他们更希望：“{option}”。", "They would rather have “{option}”."),
    "none": ("没有说明理由。", "No reason given."),
    "hands": ("举手表态：赞成 {yes}，反对 {no}，拿不准 {unsure}", "Show of hands: {yes} for, {no} against, {unsure} unsure"),
})
EFFECTS = {  # (cost, benefit) words for each effect dimension
    "money": texts({"-": ("多花钱（每户约 {n} 元）", "paying (about {n} yuan a household)"),
                    "+": ("得到补偿（每户约 {n} 元）", "compensated (about {n} yuan a household)")}),
    "time": texts({"-": ("更费时间", "losing time"), "+": ("更省时间", "saving time")}),
    "noise": texts({"-": ("更吵", "with more noise"), "+": ("更安静", "with less noise")}),
    "light": texts({"-": ("采光通风变差", "with less light and air"), "+": ("采光通风变好", "with more light and air")}),
    "convenience": texts({"-": ("更不方便", "worse off for convenience"), "+": ("更方便", "better off for convenience")}),
}

#: What happened after each choice (the page's timeline).
LOG = texts({
    "topic": ("第 {day:g} 天：议题收集完毕，约 {heard:.0%} 的住户反映了意见", "Day {day:g}: concerns collected from about {heard:.0%} of households"),
    "participants": ("邀请了 {invited} 个协商主体（住户和组织）", "{invited} participants invited (households and organisations)"),
    "round": ("第 {day:g} 天：第 {round} 轮协商，到场 {came} 人，书面意见 {wrote} 份，桌上方案“{option}”{agreed}",
              "Day {day:g}: round {round}, {came} came, {wrote} written views, proposal “{option}”{agreed}"),
    "agreed": ("，达成共识", ", consensus reached"),
    "escalation": ("第 {day:g} 天：{body}表决“{option}”：{verdict}", "Day {day:g}: the {body} voted on “{option}”: {verdict}"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "not passed"),
    "actions": ("本轮之后：{actions}", "after this round: {actions}"),
    "decided": ("第 {day:g} 天：决定采用“{option}”", "Day {day:g}: decided on “{option}”"),
    "no_decision": ("第 {day:g} 天：没有作出决定", "Day {day:g}: no decision"),
    "publication": ("第 {day:g} 天：公布结果，约 {reach:.0%} 的住户看到", "Day {day:g}: the result published, seen by about {reach:.0%} of households"),
    "implementation": ("第 {day:g} 天：实施{state}", "Day {day:g}: implementation {state}"),
    "implemented": ("顺利", "went ahead"),
    "blocked": ("受阻", "was blocked"),
    "nothing": ("无事可实施", "had nothing to implement"),
})

#: Errors in a choice or a session file.
ERRORS = texts({
    "not_now": ("现在是“{now}”这一步，不能选“{point}”", "this is the “{now}” step, not “{point}”"),
    "unknown": ("未知字段 {field}，可用字段：{fields}", "no such field {field}; expected one of: {fields}"),
    "one": ("{field} 应为以下之一：{options}，实际为 {got}", "{field} must be one of: {options}; got {got}"),
    "many": ("{field} 应为列表，每项为以下之一：{options}，实际为 {got}", "{field} must be a list of: {options}; got {got}"),
    "number": ("{field} 应为 {min} 到 {max} 之间的整数，实际为 {got}", "{field} must be a whole number from {min} to {max}; got {got}"),
    "yesno": ("{field} 应为 true 或 false，实际为 {got}", "{field} must be true or false; got {got}"),
    "empty": ("{field} 至少要选一项", "{field} needs at least one item"),
    "done": ("协商已经结束，没有可以选择的了", "the consultation is over; nothing left to choose"),
    "mapping": ("选择应为 字段：值 的映射，实际为 {got}", "a choice must be a mapping of field: value; got {got}"),
    "file": ("{file}：{what}", "{file}: {what}"),
    "field": ("{file}，字段 {path}：{what}", "{file}, field {path}: {what}"),
    "read": ("无法读取文件（{why}）", "cannot read the file ({why})"),
    "encoding": ("不是 UTF-8 编码的文本（练习记录文件由本工具保存，请不要用其他软件另存）", "not UTF-8 text (practice files are saved by this kit; do not re-save them in another program)"),
    "json": ("不是有效的 JSON（第 {line} 行第 {col} 列：{why}）", "not valid JSON (line {line}, column {col}: {why})"),
    "format": ("不是练习记录文件（format 应为 {expected}）", "not a practice session file (format must be {expected})"),
    "finished": ("复盘需要先完成协商", "the debrief needs a finished consultation"),
    "seeds": ("种子数应为 1 到 200 之间的整数，实际为 {got}", "seeds must be a whole number from 1 to 200; got {got}"),
})

#: The debrief.
DEBRIEF = texts({
    "yours": ("你的做法", "your path"),
    "default": ("情景默认做法", "the scenario's default"),
    "assembly": ("全体受影响住户＋线下＋三轮", "every affected household + offline + three rounds"),
    "sortition": ("分层随机抽选＋入户走访＋修改方案", "stratified random selection + home visits + revised proposal"),
    "col_path": ("做法", "path"),
    "col_consensus": ("达成共识比例", "share consensus"),
    "col_adopted": ("作出决定比例", "share adopted"),
    "col_good": ("依法通过并实施比例", "share lawful & implemented"),
    "col_rounds": ("轮次（中位数）", "rounds (median)"),
    "col_person_hours": ("人·小时（中位数）", "person-hours (median)"),
    "col_gap": ("代表性差距（中位数）", "representation gap (median)"),
    "col_audit": ("合规检查通过比例", "share of audit checks passed"),
    "col_article": ("条款", "article"),
    "col_requirement": ("要求", "requirement"),
    "col_passed": ("通过", "passed"),
    "col_detail": ("情况", "detail"),
    "sw_choice": ("选择", "choice"),
    "sw_from": ("你的选择", "yours"),
    "sw_to": ("换成", "switched to"),
    "sw_good": ("依法通过并实施比例变化", "change in share lawful & implemented"),
    "sw_adopted": ("作出决定比例变化", "change in share adopted"),
    "sw_consensus": ("达成共识比例变化", "change in share consensus"),
    "sw_audit": ("合规检查通过比例变化", "change in share of audit checks passed"),
    "round_field": ("第 {round} 轮之后：{field}", "after round {round}: {field}"),
    "none": ("无", "none"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "h_paths": ("一、几种做法的结果（同样的 {n} 个随机种子）", "1. The outcome of each path (the same {n} seeds)"),
    "note": ("说明：在其他种子上，你的选择按同样的顺序重放（协商后的决定按轮次）；你没有遇到过的决定（例如那个种子需要更多轮）按情景规则处理。",
             "Note: on other seeds your choices are replayed in the same order (after-round choices by round number); "
             "decisions you never made there (e.g. that seed needed more rounds) follow the scenario's rules."),
    "h_switches": ("二、哪些选择影响最大（一次只换一个，回到情景的做法）", "2. Which choices mattered most (one switched at a time, back to the scenario's)"),
    "no_switch": ("你的选择与情景默认做法相同。", "Your choices were the scenario's own."),
    "h_reasons": ("三、为什么会这样", "3. Why it went this way"),
    "h_audit": ("四、逐条合规检查（你的这一次）", "4. The audit, article by article (your run)"),
    "closed": ("协商 {rounds} 轮没有达成共识，你结束了协商，没有作出决定。", "After {rounds} round(s) without consensus you closed: no decision."),
    "agreed": ("协商会议就“{option}”达成共识。", "The table agreed on “{option}”."),
    "vote": ("提交{body}表决“{option}”：{verdict}。{reason}", "Put to the {body}: “{option}”, {verdict}. {reason}"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "not passed"),
    "blocked": ("决定没能实施：{groups}阻止了实施。", "The decision was not implemented: blocked by {groups}."),
    "objects": ("{group}反对“{option}”：{why}", "{group} objected to “{option}”: {why}"),
    "missing": ("{group}占住户的 {population:.0%}，在协商会上只占 {presence:.0%}。", "{group}: {population:.0%} of households, {presence:.0%} of those at the table."),
    "offline": ("不上网的住户占 {population:.0%}，提出的意见只占 {input:.0%}。", "Households not online: {population:.0%} of all, {input:.0%} of the input."),
    "short": ("没有做到{article}：{requirement}（{detail}）。", "Fell short of {article}: {requirement} ({detail})."),
    "seeds": ("在 {n} 个种子上，你的做法有 {yours:.0%} 依法通过并实施，情景默认做法 {default:.0%}。",
              "Over {n} seeds, your path was adopted lawfully and implemented {yours:.0%} of the time, the scenario's default {default:.0%}."),
    "top": ("影响最大的选择：{choice}，从“{before}”换成“{after}”，依法通过并实施的比例提高 {delta:.0%}。",
            "The choice that mattered most: {choice}, from “{before}” to “{after}”: the share lawful & implemented rises by {delta:.0%}."),
})
DEBRIEF.update(texts({"quota": ("按楼栋定额＋线上线下结合＋周末＋专家论证", "quota per building + hybrid + weekend + expert assessment")}))
