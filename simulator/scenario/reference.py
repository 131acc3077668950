"""The scenario authors' field reference (``docs/scenario-reference.md``), generated from the
pydantic schema so that it cannot drift: every section, field, allowed value, range and default
comes from :func:`~simulator.scenario.json_schema`; the words come from the fields'
descriptions, with the notes below where a field has none. Chinese first, English alongside.

    xieshang reference docs/scenario-reference.md
"""

from __future__ import annotations

import json
import re

from ..i18n import TERMS, Text, texts
from ..law import BODIES, MATTER_TABLE
from .schema import json_schema

#: Section names, by schema model.
SECTIONS = texts({
    "Scenario": ("情景", "Scenario"), "Population": ("社区人口", "Population"), "Group": ("住户群体", "Household group"),
    "Organisation": ("组织", "Organisation"), "Village": ("村（社区）", "Village or community"),
    "Values": ("群体看重什么", "What a group cares about"), "Issue": ("议题", "Issue"), "Option": ("方案", "Option"),
    "Effect": ("方案对一户的得失", "What an option does to a household"), "Procedure": ("程序", "Procedure"),
    "Topic": ("第一步：确定议题", "Stage 1: the topic"), "Selection": ("第二步：谁坐到桌前", "Stage 2: who sits at the table"),
    "Form": ("协商形式与通报", "Form and notice"), "RulesOfProcedure": ("议事规则", "Rules of procedure"),
    "Rounds": ("多轮规则", "Rounds"), "Consensus": ("共识规则", "Consensus rule"),
    "Escalation": ("第四步：提交表决", "Stage 4: the vote"), "LocalRule": ("本地规则", "Local rule"),
    "Publication": ("第五步：公开结果", "Stage 5: publication"), "Implementation": ("第六步：实施与监督", "Stage 6: implementation"),
    "Dynamics": ("立场更新规则", "Stance-update rule"), "Norms": ("合规检查的门槛", "Audit thresholds"),
    "Behaviour": ("行为参数", "Behavioural parameters"), "Attendance": ("出席", "Attendance"),
    "Availability": ("按会议时间能来的比例", "Availability by meeting time"), "Speaking": ("发言", "Speaking"),
    "Actions": ("两轮之间的行动的效果", "Effects of between-round actions"), "Compliance": ("预计遵守率的权重", "Compliance weights"),
    "Hours": ("工时", "Person-hours"), "Recruitment": ("入选与报名", "Recruitment"), "Community": ("群体内的差异", "Differences within a group"),
    "Fairness": ("公平感", "Perceived fairness"), "Voting": ("表决名单与投票", "Voting"), "Aftermath": ("决定之后", "Aftermath"),
    "Participation": ("自发参与", "Participation"), "AgeTurnout": ("各年龄的参与率", "Turnout by age"),
    "Persuasion": ("说服", "Persuasion"),
    "Support": ("第十一条：人员、补贴积分与专业支持", "Art. 11: staff, incentives and professional support"),
    "SupportBehaviour": ("人员、场所、补贴积分与专业支持的效果", "What staff, a venue, incentives and professionals change"),
    "Professional": ("一种专业支持的效果与费用", "What one kind of professional support does and costs"),
    "Legacy": ("一次协商留下什么（信任）", "What a consultation leaves behind (trust)"),
})

#: Names of allowed values that the package's other tables do not name.
VALUES = texts({
    "owner": ("业主", "owner"), "tenant": ("租户", "tenant"), "villager": ("村民", "villager"),
    "non_registered": ("非户籍居民", "non-registered resident"), "party_branch": ("党组织", "party branch"),
    "residents_committee": ("居民委员会", "residents' committee"), "villagers_committee": ("村民委员会", "villagers' committee"),
    "supervision_committee": ("村（居）务监督委员会", "supervision committee"), "owners_committee": ("业主委员会", "owners' committee"),
    "property_company": ("物业服务企业", "property company"), "community_unit": ("驻区单位", "unit in the community"),
    "social_organisation": ("社会组织", "social organisation"), "collective_organisation": ("集体经济组织", "collective economic organisation"),
    "expert": ("专家", "expert"), "deputies": ("“两代表一委员”", "deputies and committee members"),
    "veteran_cadre": ("老党员、老干部", "veteran cadre"), "building_leader": ("楼门长", "building leader"),
    "property_management": ("物业管理", "property management"), "parking": ("停车", "parking"), "dog_keeping": ("养犬", "dog keeping"),
    "public_facilities": ("公共设施", "public facilities"), "environment": ("环境", "environment"),
    "village_planning": ("村庄规划", "village planning"), "collective_assets": ("集体资产", "collective assets"),
    "dispute": ("矛盾纠纷", "dispute"), "covenant": ("居民公约、村规民约", "covenant"), "policy": ("政策落实", "policy"),
    "tenure": ("权属", "tenure"), "building": ("楼栋", "building"), "elderly": ("是否老年", "elderly or not"), "group": ("群体", "group"),
    "evening": ("晚上", "evening"), "daytime": ("白天", "daytime"), "weekend": ("周末", "weekend"),
    "community": ("社区（村）", "community"), "present": ("到场者", "those present"), "invited": ("全体受邀者", "everyone invited"),
    "all": ("各村均须通过", "every village"), "majority": ("过半数村通过", "a majority of villages"),
    "share_without_objection": ("一定比例同意且无明确反对", "a share consents and none objects"),
    "ordinary": ("一般事项门槛", "ordinary threshold"), "major": ("重大事项门槛", "major threshold"),
    "consent_of": ("指定群体书面同意", "written consent of named groups"),
})

#: Words for fields the schema leaves without a description, by ``Model.field``.
NOTES = texts({
    "Scenario.id": ("情景 id（小写字母、数字、下划线）", "scenario id (lower-case letters, digits, underscores)"),
    "Scenario.title": ("标题", "title"), "Scenario.summary": ("一句话说明", "one-line summary"),
    "Group.id": ("群体 id，其他字段用它指称该群体", "group id, used to refer to the group elsewhere"),
    "Group.name": ("群体名称", "group name"), "Group.tenure": ("权属：决定能否在表决机构投票", "tenure: decides who is on a body's roll"),
    "Group.disability": ("有残疾成员的比例", "share with a disabled member"),
    "Organisation.id": ("组织 id（selection.mandatory 用它）", "organisation id (used by selection.mandatory)"),
    "Organisation.name": ("组织名称", "organisation name"), "Organisation.kind": ("组织类别（第五条）", "kind of organisation (Art. 5)"),
    "Village.id": ("村 id（群体的 village 用它）", "village id (used by a group's village)"), "Village.name": ("村名", "village name"),
    "Population.households": ("住户数", "households"), "Population.groups": ("住户群体，占比之和为 1", "household groups; shares add up to 1"),
    "Population.organisations": ("组织", "organisations"),
    "Issue.topic": ("协商目录中的类别（第四条）", "catalogue entry (Art. 4)"), "Issue.options": ("方案，至少两个", "options, at least two"),
    "Option.id": ("方案 id", "option id"), "Option.name": ("方案名称", "option name"),
    "Option.competence": ("由社区还是乡镇（街道）办理", "handled by the community or the township"),
    "Procedure.convener": ("召集方：村（社区）两委，或跨村事项由乡镇牵头（第十条）",
                           "convener: the two committees, or the township for a matter spanning villages (Art. 10)"),
    "Topic.channels": ("收集意见的渠道", "channels for collecting concerns"), "Topic.days": ("收集意见的天数", "days spent collecting concerns"),
    "Topic.proposed_by_township": ("议题由乡镇（街道）提出", "the township proposed the topic"),
    "Selection.rule": ("参与者产生方式（见上文“参与者产生方式”）", "selection rule (see “Selection rules” above)"),
    "Selection.strata": ("分层随机抽选按哪些特征分层", "what stratified selection stratifies by"),
    "Selection.quota_by": ("定额按楼栋还是按群体", "quota per building or per group"),
    "Selection.call_channels": ("公开报名的通知渠道", "channels that announce an open call"),
    "Form.mode": ("线下、线上或线上线下结合（第六条）", "offline, online or hybrid (Art. 6)"),
    "Form.time": ("会议时间", "meeting time"), "Form.hours": ("每次会议小时数", "hours per meeting"),
    "RulesOfProcedure.max_turns": ("每人每次会议最多发言次数（null 为不限）", "most turns per person per meeting (null: no limit)"),
    "RulesOfProcedure.neutral_chair": ("由中立主持人主持", "a neutral chair runs the meeting"),
    "Rounds.max": ("最多协商轮次", "most rounds"), "Rounds.gap_days": ("两轮之间的天数", "days between rounds"),
    "Rounds.between": ("两轮之间召集方的行动", "the convener's actions between rounds"),
    "Rounds.escalation": ("何时提交表决机构", "when to go to the decision body"),
    "Consensus.rule": ("共识规则", "consensus rule"), "Consensus.q": ("特别多数的比例（supermajority 用）", "the supermajority share (for supermajority)"),
    "Escalation.body": ("法律规定的表决机构（须与各方案的 legal_class 相符）", "the decision body the law assigns (must fit each option's legal_class)"),
    "LocalRule.kind": ("本地规则的种类", "kind of local rule"),
    "Publication.channels": ("公开结果的渠道", "channels that publish the result"), "Publication.days": ("公开的天数", "days of publication"),
    "Implementation.days": ("实施的天数", "days of implementation"), "Implementation.supervision": ("有人监督实施", "implementation is supervised"),
    "Implementation.explain_to_dissenters": ("向不同意者解释说明（第八条）", "explain the result to dissenters (Art. 8)"),
    "Norms.min_rounds_before_escalation": ("提交表决前至少协商几轮", "fewest rounds before escalating"),
})

INTRO = """# 情景文件字段说明 / Scenario field reference

<!-- 由 simulator/scenario/reference.py 生成，请勿手改；重新生成：xieshang reference docs/scenario-reference.md -->
<!-- Generated by simulator/scenario/reference.py; do not edit. Regenerate: xieshang reference docs/scenario-reference.md -->

情景文件是 YAML，由 pydantic 模式校验（`simulator/scenario/`）。本页列出每个字段：可写的取值、范围、缺省值和含义。
写错时 `xieshang validate 文件.yaml` 指出文件、行号和字段。编辑器补全可用 `scenarios/scenario.schema.json`。

*A scenario file is YAML checked by the pydantic schema in `simulator/scenario/`. This page lists every field: allowed
values, ranges, defaults and meaning. `xieshang validate FILE.yaml` names the file, line and field of a mistake; for
editor completion use `scenarios/scenario.schema.json`.*

## 态度数值的含义 / What a stance number means

`stance` 给出一个群体（或组织）对每个方案的平均**接受度**，0 到 1：0 是完全不能接受，1 是完全满意。
每户在这个平均值附近有个体差异（`spread`），再加上方案对该户的得失（`effects` × `values`）。
接受度不低于 `procedure.consensus.accept`（缺省 0.5）即“能接受”该方案；低于 `objection`（缺省 0.2）即“强烈反对”。
会上立场按 `dynamics.rule` 相互影响。

*`stance` gives a group's (or organisation's) mean **acceptance** of each option, from 0 (cannot accept at all) to 1
(fully satisfied). Each household varies around it (`spread`), plus what the option does to it (`effects` × `values`).
At or above `procedure.consensus.accept` (default 0.5) a household can live with the option; below `objection`
(default 0.2) it strongly objects. In meetings stances move by `dynamics.rule`.*

## 参与者产生方式 / Selection rules (`procedure.selection.rule`)

| 取值 value | 做法 | What it does |
|---|---|---|
| `all_affected` | 邀请每一户受影响的住户；名单无偏，偏差只来自谁能到场 | every affected household is invited; the list is unbiased, only attendance is not |
| `open_call` | 微信群、公开栏发通知，自愿报名；偏向关心议题、用智能手机的人 | a notice on WeChat and the board, self-selection; favours the keen and the connected |
| `committee_invitation` | 两委按信任和威望邀请；偏向信任召集方的人 | the committees invite by trust and prestige; favours those who trust the convener |
| `stratified_random` | 按 `strata`（楼栋 × 权属 × 是否老年）分层抽签，`size` 个席位 | lots drawn within strata (building × tenure × age), `size` seats |
| `quota` | 每栋楼（或每个群体，`quota_by`）`quota` 席，由最积极者占据 | `quota` seats per building (or group, `quota_by`), taken by the keenest |

无论哪种方式，`mandatory` 列出的组织总被邀请；`affected_minorities: true` 时每个未入选的受影响群体补入一户。

*Whatever the rule, the organisations in `mandatory` are invited, and with `affected_minorities: true` each affected
group left out gets one household.*

## 事项类别与表决机构 / Matters and decision bodies (`issue.options[].legal_class`, `procedure.escalation.body`)

"""


def _title(model: str) -> Text:
    """A model's section name (its class name in both languages if it has none yet)."""
    return SECTIONS.get(model, Text(model, model))


def _split(description: str) -> tuple[str, str]:
    """A schema description ``"中文 / English"`` as its two halves."""
    zh, sep, en = description.partition(" / ")
    if sep:
        return zh.strip(), en.strip()
    return (description, "") if re.search(r"[\u4e00-\u9fff]", description) else ("", description)


def _name(value) -> str:
    """An allowed value with its name: `open_call`（公开报名（自愿参加））."""
    named = TERMS.get(value) or VALUES.get(value) or (BODIES[value].name if value in BODIES else None) \
        or (MATTER_TABLE[value].name if value in MATTER_TABLE else None)
    return f"`{value}`" + (f"（{named.zh} / {named.en}）" if named else "")


def _range(prop: dict) -> str:
    low = f"≥ {prop['minimum']}" if "minimum" in prop else f"> {prop['exclusiveMinimum']}" if "exclusiveMinimum" in prop else ""
    high = f"≤ {prop['maximum']}" if "maximum" in prop else f"< {prop['exclusiveMaximum']}" if "exclusiveMaximum" in prop else ""
    return "，".join(x for x in (low, high) if x)


def _type(prop: dict) -> str:
    """What a field may hold, in words."""
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[1]
        return "文本 text `{zh, en}`" if name == "Text" else f"见 see [{_title(name).zh} / {_title(name).en}](#{name.lower()})"
    if "anyOf" in prop:
        return " 或 or ".join("`null`" if p.get("type") == "null" else _type(p) for p in prop["anyOf"])
    if "enum" in prop:
        return "、".join(_name(v) for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return "列表 list：" + _type(prop.get("items", {}))
    if kind == "object":
        keys = "、".join(_name(v) for v in prop.get("propertyNames", {}).get("enum", [])) or "id"
        return f"映射 mapping {{{keys} → {_type(prop.get('additionalProperties', {}))}}}"
    words = {"integer": "整数 integer", "number": "数 number", "boolean": "`true` / `false`",
             "string": "文字 string"}.get(kind, "任意 any")
    if "pattern" in prop:
        words = "id（小写字母开头，字母、数字、下划线） / id (a–z, 0–9, _)"
    limits = _range(prop)
    return f"{words}，{limits}" if limits else words


def _default(name: str, prop: dict, required: list[str]) -> str:
    if name in required:
        return "**必填** required"
    if "default" not in prop:
        return ""
    if "$ref" in prop and isinstance(prop["default"], dict):
        return "见该节 see section"
    return f"`{json.dumps(prop['default'], ensure_ascii=False)}`"


def _refs(prop: dict) -> list[tuple[str, str]]:
    """The models a field holds, with the path suffix that reaches them (``[]`` for list items)."""
    if "$ref" in prop:
        return [("", prop["$ref"].rsplit("/", 1)[1])]
    found = []
    for sub in prop.get("anyOf", []):
        found += _refs(sub)
    if "items" in prop:
        found += [("[]" + s, n) for s, n in _refs(prop["items"])]
    if isinstance(prop.get("additionalProperties"), dict):
        found += [(".<id>" + s, n) for s, n in _refs(prop["additionalProperties"])]
    return found


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section(name: str, path: str, model: dict) -> list[str]:
    title = _title(name)
    lines = [f'<a id="{name.lower()}"></a>', "", f"### {title.zh} / {title.en}: `{path}`", ""]
    if model.get("description"):
        lines += [f"*{_cell(model['description'])}*", ""]
    lines += ["| 字段 field | 取值 allowed | 缺省 default | 说明 | description |", "|---|---|---|---|---|"]
    required = model.get("required", [])
    for field, prop in model.get("properties", {}).items():
        zh, en = _split(prop.get("description", ""))
        note = NOTES.get(f"{name}.{field}") or next((_title(sub) for _, sub in _refs(prop) if sub != "Text"), None)
        if note is not None and not (zh or en):
            zh, en = note.zh, note.en
        lines.append(f"| `{field}` | {_cell(_type(prop))} | {_cell(_default(field, prop, required))} | {_cell(zh)} | {_cell(en)} |")
    return [*lines, ""]


def _matters() -> list[str]:
    lines = ["| `legal_class` | 事项 matter | 表决机构 body | 门槛 threshold | 例子 example |", "|---|---|---|---|---|"]
    for matter in MATTER_TABLE.values():
        bodies = "、".join(f"`{b}`（{BODIES[b].name.zh} / {BODIES[b].name.en}）" for b in matter.bodies) or "协商议定 settled by the consultation"
        lines.append(f"| `{matter.id}` | {matter.name.zh} / {matter.name.en} | {bodies} | {_name(matter.threshold)} | {_cell(matter.example.zh)} |")
    return [*lines, "", "表决机构须能决定每个方案的事项，否则是输入错误。",
            "*The body must be one that may decide every option's matter; otherwise the scenario is an input error.*", ""]


def markdown() -> str:
    """The whole reference, as Markdown."""
    schema = json_schema()
    models = {"Scenario": schema, **schema["$defs"]}
    order, seen = [], {"Text"}

    def visit(name: str, path: str) -> None:  # in the file's order, each model once, where first reached
        seen.add(name)
        order.append((name, path or "(文件顶层 / top level)"))
        for field, prop in models[name].get("properties", {}).items():
            for suffix, sub in _refs(prop):
                if sub not in seen:
                    visit(sub, f"{path}.{field}{suffix}".lstrip("."))

    visit("Scenario", "")
    lines = [INTRO.rstrip("\n"), "", *_matters(), "## 字段 / Fields", ""]
    lines += [f"- [{_title(n).zh} / {_title(n).en}](#{n.lower()}) `{p}`" for n, p in order] + [""]
    for name, path in order:
        lines += _section(name, path, models[name])
    return "\n".join(lines).rstrip("\n") + "\n"
