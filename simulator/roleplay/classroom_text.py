"""The words of the class-result comparison (课堂结果与模型对照), Chinese first."""

from __future__ import annotations

from ..i18n import Text, texts


def fill(text: Text, **values) -> Text:
    """``text`` with placeholders filled in each language; a :class:`Text` value gives its own language."""
    pick = lambda lang: {k: (v.zh if lang == "zh" else v.en) if isinstance(v, Text) else v for k, v in values.items()}  # noqa: E731
    return Text(text.zh.format(**pick("zh")), text.en.format(**pick("en")))


def percent(share: float) -> str:
    """A share as a whole percentage."""
    return f"{share:.0%}"


#: Bad entries: the field, what was expected, what was given.
ERRORS = texts({
    "option": ("option（方案）应为本情景的方案编号之一：{valid}，或 none（没有作出决定）；实际为 {value}",
               "option must be one of this scenario's option ids: {valid}, or none (no decision); got {value}"),
    "option_type": ("option（方案）应为方案编号（文字）或 none（没有作出决定）；实际为 {value}",
                    "option must be an option id (text) or none (no decision); got {value}"),
    "tally_alone": ("填了票数（tally），却没有填表决结果 vote（passed 或 failed）", "a tally was given without the vote (passed or failed)"),
    "rounds": ("rounds（轮次）应为不小于 1 的整数；实际为 {value}", "rounds must be a whole number of 1 or more; got {value}"),
    "vote": ("vote（表决）应为 passed（通过）或 failed（未通过），没有表决则不填；实际为 {value}",
             "vote must be passed or failed, or left out when there was no vote; got {value}"),
    "tally": ("vote 的票数应为整数：应到人数 entitled 至少为 1，同意票 yes 在 0 到 entitled 之间；实际为 同意 {yes}、应到 {entitled}",
              "the vote's tally must be whole numbers: entitled at least 1 and yes from 0 to entitled; got yes {yes}, entitled {entitled}"),
    "tally_text": ("tally（票数）应写成 同意票/应到人数，如 18/30；实际为 {value}",
                   "tally must be yes/entitled, e.g. 18/30; got {value}"),
    "objected": ("objected（提出反对的群体）应为本情景的群体或组织编号：{valid}；这些不是：{value}",
                 "objected must list this scenario's group or organisation ids: {valid}; these are not: {value}"),
    "objected_type": ("objected（提出反对的群体）应为群体编号的列表；实际为 {value}",
                      "objected must be a list of group ids; got {value}"),
    "passed_none": ("vote 为 passed（表决通过），option 却是 none：请填写表决通过的方案",
                    "vote is passed but option is none: give the option the vote adopted"),
    "seeds": ("seeds（运行次数）应为 1 到 1000 之间的整数，或非负整数种子的列表；实际为 {value}",
              "seeds must be a whole number from 1 to 1000, or a list of non-negative whole-number seeds; got {value}"),
})

#: What the class did, for the head of the comparison.
CLASS = texts({
    "option": ("方案", "option"),
    "rounds": ("轮次", "rounds"),
    "vote": ("表决", "vote"),
    "objected": ("提出反对的群体", "groups that objected"),
    "none": ("没有作出决定", "no decision"),
    "no_vote": ("没有表决", "no vote"),
    "passed": ("通过", "passed"),
    "failed": ("未通过", "failed"),
    "tally": ("（同意 {yes} / 应到 {entitled}）", " (yes {yes} of {entitled} entitled)"),
    "nobody": ("无", "none"),
})

#: The sentences: where the class stood and what differed.
SAY = texts({
    "chose_top": ("你们班选择了“{option}”，这也是模型最常见的结果：{n} 次运行中占 {share}。",
                  "Your class chose “{option}”, which is also the model's most common outcome: {share} of {n} runs."),
    "chose": ("你们班选择了“{option}”，模型在 {n} 次运行中有 {share} 得到同样结果；最常见的结果是“{top}”（{top_share}）。",
              "Your class chose “{option}”, which the model reaches in {share} of {n} runs; most runs ended in “{top}” ({top_share})."),
    "chose_never": ("你们班选择了“{option}”，模型在 {n} 次运行中一次也没有得到这个结果；最常见的结果是“{top}”（{top_share}）。",
                    "Your class chose “{option}”, which the model never reached in {n} runs; most runs ended in “{top}” ({top_share})."),
    "none_top": ("你们班没有作出决定，这也是模型最常见的结果：{n} 次运行中占 {share}。",
                 "Your class reached no decision, which is also the model's most common outcome: {share} of {n} runs."),
    "none": ("你们班没有作出决定；模型在 {n} 次运行中有 {share} 同样没有作出决定，最常见的结果是“{top}”（{top_share}）。",
             "Your class reached no decision, as {share} of the model's {n} runs did; most runs ended in “{top}” ({top_share})."),
    "rounds": ("你们班协商了 {rounds} 轮；模型中 {same} 的运行也是 {rounds} 轮，{more} 用了更多轮，{fewer} 用了更少轮。",
               "Your class needed {rounds} round(s); in the model {same} of runs needed {rounds} too, {more} needed more and {fewer} fewer."),
    "rounds_more": ("你们班协商了 {rounds} 轮；模型中 {more} 的运行用了 {next} 轮或更多。",
                    "Your class needed {rounds} round(s); {more} of runs needed {next} or more."),
    "rounds_max": ("情景规定最多协商 {max} 轮，之后提交表决或结束；模型的运行不会超过 {max} 轮。",
                   "The scenario allows at most {max} rounds before a vote or the end; no run goes beyond {max}."),
    "vote_class": ("你们班提交{body}表决，结果{verdict}；模型中 {voted} 的运行提交了表决，其中 {passed} 通过。",
                   "Your class put it to the {body}, which {verdict}; in the model {voted} of runs went to a vote, {passed} of those passed."),
    "vote_none": ("你们班没有表决；模型中 {voted} 的运行提交了{body}表决，其中 {passed} 通过。",
                  "Your class held no vote; in the model {voted} of runs went to the {body}, {passed} of those passed."),
    "vote_never": ("模型中没有一次运行提交表决。", "No run in the model went to a vote."),
    "tally": ("你们班同意票占应到人数的 {share}；模型表决时这一比例的中位数是 {median}，{below} 的表决低于你们。",
              "Your class's yes votes were {share} of those entitled; in the model's votes the median was {median}, and {below} were lower."),
    "objection_missing": ("你们班的{group}没有反对，而{runs}{group}有 {share} 反对——问问为什么。",
                          "Your class had no objection from {group}, who object in {share} of {runs} — ask why."),
    "objection_extra": ("你们班的{group}提出了反对，而{runs}{group}只有 {share} 反对——他们看到了什么模型没有的？",
                        "In your class {group} objected, who object in only {share} of {runs} — what did they see that the model does not?"),
    "alike": ("在模型得到同样结果的 {k} 次运行中，", "the {k} runs that ended as your class did"),
    "all": ("在模型的 {n} 次运行结束时（以你们班的结果衡量），", "the model's {n} runs (judged against your class's outcome)"),
    "objection_same": ("哪些群体反对，与多数运行一致。", "Which groups objected matches most runs."),
    "blocked": ("模型中得到“{option}”的运行里，{share} 在实施时被受损住户阻止（阻工或起诉）：{groups}。",
                "Of the runs that adopted “{option}”, {share} were stopped when carried out (obstruction or a court case) by {groups}."),
    "caveat": ("模型的比例不是标准答案：一个班只是一次协商，差异是讨论的线索；模拟的百分比也不是预测。",
               "The model's shares are not the right answer: a class is one consultation, and the differences are questions "
               "to discuss; simulated percentages are not forecasts."),
})

#: The law: whether the class's outcome could stand.
LAW = texts({
    "no_vote": ("不合法：“{option}”属于{matter}，依法须由{bodies}表决决定（{law}）。你们班没有表决就通过了它，这只是协商会议的建议，"
                "不能实施；模型遇到这种情况一定提交表决。",
                "Unlawful: “{option}” falls under “{matter}”, which the law reserves to the {bodies} ({law}). Your class adopted it "
                "without that vote: it is only the table's recommendation and cannot be carried out; the model always "
                "puts it to the vote."),
    "failed": ("不合法：{body}表决未通过，“{option}”就没有被通过（{law}）。你们班仍然采用了它；模型中表决未通过的运行都没有作出决定。",
               "Unlawful: the {body}'s vote failed, so “{option}” was not adopted ({law}). Your class adopted it anyway; "
               "in the model a failed vote leaves no decision."),
    "required": ("按本情景的规则，方案都须提交{body}表决；你们班没有表决就采用了“{option}”，不符合情景的规则。",
                 "This scenario's rules put every option to the {body}; your class adopted “{option}” without that vote."),
    "failed_agreement": ("你们班的表决未通过，却仍采用了“{option}”；模型中表决未通过就没有作出决定。",
                         "Your class's vote failed yet it adopted “{option}”; in the model a failed vote leaves no decision."),
    "short": ("票数不够：同意 {yes} 票、应到 {entitled} 人，即使到会人数刚好达到法定人数，也达不到{body}的门槛（{rule}），"
              "这次表决不可能通过。",
              "Too few votes: {yes} yes of {entitled} entitled cannot meet the {body}'s threshold ({rule}) even with the "
              "smallest quorum; this vote could not have passed."),
    "agreement": ("合法：“{option}”属于{matter}，协商会议达成一致即可实施（{law}）。",
                  "Lawful: “{option}” falls under “{matter}”: the consultation may settle it ({law})."),
    "voted": ("合法：“{option}”属于{matter}，你们班经{body}表决通过（按人数核对；专有部分面积课堂上无法核对）。",
              "Lawful: “{option}” falls under “{matter}” and your class's {body} passed it (checked by heads; floor area cannot be checked in class)."),
    "nothing": ("你们班没有作出决定，不涉及表决是否合法。", "Your class made no decision: there is nothing to check against the law."),
})

#: Tables, headings and the printed page.
TABLE = texts({
    "title": ("课堂结果与模型对照：{title}", "The class's result against the model: {title}"),
    "subtitle": ("同一设计运行 {n} 次（随机种子 {first}–{last}）", "The same design run {n} times (seeds {first}–{last})"),
    "class": ("你们班的结果", "Your class's result"),
    "law": ("是否合法", "Is it lawful?"),
    "differed": ("与模型对照", "Against the model"),
    "options": ("各方案在模型中的比例", "How often the model reaches each option"),
    "option": ("结果", "outcome"),
    "share": ("运行比例", "share of runs"),
    "yours": ("你们班", "your class"),
    "mark": ("◀ 你们班", "◀ your class"),
    "rounds": ("需要的轮次", "Rounds needed"),
    "round": ("轮次", "rounds"),
    "groups": ("各群体反对的比例", "How often each group objects"),
    "group": ("群体", "group"),
    "objected": ("反对", "objected"),
    "objected_alike": ("同样结果的 {k} 次运行中反对", "objected, in the {k} runs that ended alike"),
    "objected_ended": ("{n} 次运行结束时反对你们班的结果", "would object to your class's outcome, at the end of {n} runs"),
    "objected_all": ("全部运行中反对各自的结果", "objected to the run's own outcome, all runs"),
    "strong": ("强烈反对", "strongly"),
    "blocked": ("阻止实施", "blocked it"),
    "class_objected": ("课堂上反对", "objected in class"),
    "definition": ("“反对”的定义（与模型相同）：运行结束时，一个群体过半数住户不能接受结果（作出的决定；没有决定时为最后提出的方案，"
                   "接受度低于 accept 线），组织则看它自己的接受度；“强烈反对”是过半数低于 objection 线；“阻止实施”是该群体的受损住户"
                   "阻工或起诉使决定未能实施。阻止实施的群体也算反对。比较时看结果与你们班相同的运行（至少 10 次）；不足 10 次时，"
                   "看全部运行结束时各群体能否接受你们班的结果。",
                   "“Objected” (as the model defines it): at the end of a run most households of the group cannot live with the "
                   "outcome (the decision, or the last proposal when there is none: acceptance below the accept line); an "
                   "organisation by its own acceptance. “Strongly”: most are below the objection line. “Blocked it”: the group's "
                   "harmed households stopped the decision by obstruction or a court case; a group that blocked also objected. "
                   "The comparison uses the runs that ended as your class did (at least 10); with fewer, whether each group "
                   "could live with your class's outcome at the end of every run."),
    "footer": ("协商沙盘 xieshang · 模拟结果用于培训讨论，不是预测", "xieshang · simulated results for training discussion, not forecasts"),
})
