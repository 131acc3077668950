"""``xieshang roles SCENARIO``: the role-play pack (facilitator's guide and a role card per group and
organisation) as one printable file: .html (print from a browser), .pdf or .docx."""

from __future__ import annotations

import errno
from pathlib import Path

from ..i18n import BilingualError, texts
from .common import USAGE, lang_option

WORDS = texts({
    "roles": ("生成角色扮演材料：主持人指南和每个群体、组织的角色卡（可打印）",
              "make the role-play pack: the facilitator's guide and a role card per group and organisation (printable)"),
    "out": ("写入的文件，后缀决定格式：.html、.pdf 或 .docx（缺省：角色卡-情景名.html）",
            "file to write; its suffix picks the format: .html, .pdf or .docx (default: 角色卡-<scenario>.html)"),
    "size": ("纸张：a4（每页四张卡，沿虚线裁开）或 a6（每页一张卡）", "paper: a4 (four cards a sheet, cut along the dashes) or a6 (one card a sheet)"),
    "class_size": ("参加角色扮演的学员人数（缺省 30）", "number of students playing (default: 30)"),
    "written": ("已写入 {file}（{cards} 张角色卡）", "wrote {file} ({cards} role cards)"),
    "bad_suffix": ("{file}：不认识的文件类型，应为 .html、.pdf 或 .docx", "{file}: unknown file type; expected .html, .pdf or .docx"),
    "cannot": ("{file}：无法写入（{why}）", "{file}: cannot write ({why})"),
    "no_folder": ("文件夹不存在", "the folder does not exist"), "a_folder": ("这是一个文件夹", "it is a folder"),
    "denied": ("没有写入权限", "permission denied"),
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
    from ..documents import save
    from ..documents.pdf import PrintError
    from ..roleplay import role_play_pack
    from ..scenario import load, resolve

    lang = args.lang
    scenario = load(resolve(args.scenario), args.set)
    out = Path(args.out) if args.out else Path(f"角色卡-{scenario.id}.html")
    if out.suffix.lower() not in (".html", ".pdf", ".docx"):
        raise BilingualError(*WORDS["bad_suffix"].format(file=str(out)))
    pack = role_play_pack(scenario, lang, args.class_size)  # checks the class size before anything is written
    try:
        save(pack, out, args.size)
    except PrintError as exc:
        raise BilingualError(str(exc), str(exc)) from None
    except OSError as exc:
        why = {errno.ENOENT: "no_folder", errno.EISDIR: "a_folder", errno.EACCES: "denied"}.get(exc.errno)
        zh, en = WORDS["cannot"].format(file=str(out), why="{why}")
        raise BilingualError(zh.format(why=WORDS[why].zh if why else exc.strerror),
                             en.format(why=WORDS[why].en if why else exc.strerror)) from None
    cards = sum(1 for b in pack.blocks if type(b).__name__ == "Card")
    print(WORDS["written"](lang, file=str(out), cards=cards))
    return 0
