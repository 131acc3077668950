"""``xieshang roles SCENARIO``: the role-play pack (facilitator's guide and a role card per group and
organisation) as one printable file: .html (print from a browser), .pdf or .docx."""

from __future__ import annotations

from ..i18n import texts
from .common import USAGE, document_file, lang_option, save_document

WORDS = texts({
    "roles": ("生成角色扮演材料：主持人指南和每个群体、组织的角色卡（可打印）",
              "make the role-play pack: the facilitator's guide and a role card per group and organisation (printable)"),
    "out": ("写入的文件，后缀决定格式：.html、.pdf 或 .docx（缺省：角色卡-情景名.html）",
            "file to write; its suffix picks the format: .html, .pdf or .docx (default: 角色卡-<scenario>.html)"),
    "size": ("纸张：a4（每页四张卡，沿虚线裁开）或 a6（每页一张卡）", "paper: a4 (four cards a sheet, cut along the dashes) or a6 (one card a sheet)"),
    "class_size": ("参加角色扮演的学员人数（缺省 30）", "number of students playing (default: 30)"),
    "written": ("已写入 {file}（{cards} 张角色卡）", "wrote {file} ({cards} role cards)"),
})


def add(sub, lang: str) -> None:
    t = {k: v(lang) for k, v in USAGE.items()}
    w = {k: v(lang) for k, v in WORDS.items()}
    roles = sub.add_parser("roles", help=w["roles"], description=w["roles"])
    roles.add_argument("scenario", help=t["scenario"])
    roles.add_argument("--out", metavar="FILE", help=w["out"])
    roles.add_argument("--size", choices=("a4", "a6"), default="a4", help=w["size"])
    roles.add_argument("--class-size", type=int, default=30, metavar="N", help=w["class_size"])
    roles.add_argument("--set", action="append", default=[], metavar="PATH=VALUE", help=t["set"])
    lang_option(roles, lang)
    roles.set_defaults(handler=_roles)


def _roles(args) -> int:
    from ..roleplay import role_play_pack
    from ..scenario import load, resolve

    lang = args.lang
    scenario = load(resolve(args.scenario), args.set)
    out = document_file(args.out or f"角色卡-{scenario.id}.html")
    pack = role_play_pack(scenario, lang, args.class_size)  # checks the class size before anything is written
    save_document(pack, out, args.size)
    cards = sum(1 for b in pack.blocks if type(b).__name__ == "Card")
    print(WORDS["written"](lang, file=str(out), cards=cards))
    return 0
