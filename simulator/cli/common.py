"""What every ``xieshang`` command shares: its words, a parser whose errors are a short message in
the chosen language, safe printing, and writing a file whole or not at all."""


from __future__ import annotations

import argparse
import errno
import re
import sys
from pathlib import Path

from ..i18n import LANGS, BilingualError, texts

USAGE = texts({
    "description": ("协商沙盘：城乡社区协商仿真", "xieshang: a simulator of community consultation"),
    "run": ("运行一个情景并输出结果摘要", "run a scenario and print its summary"),
    "scenario": ("情景文件路径，或内置情景名（如 parking）", "a scenario file, or a shipped scenario's name (e.g. parking)"),
    "seed": ("随机种子（相同情景与种子得到相同结果）", "random seed (the same scenario and seed give the same result)"),
    "set": ("临时修改一个参数，如 procedure.rounds.max=5（可重复）", "override one parameter for this run, e.g. procedure.rounds.max=5 (repeatable)"),
    "json": ("以一个 JSON 对象输出摘要", "print the summary as one JSON object"),
    "lang": ("输出语言：zh（中文，默认）或 en", "output language: zh (Chinese, default) or en"),
    "validate": ("检查情景文件或协商目录文件", "check scenario or catalogue files"),
    "files": ("要检查的情景文件或协商目录文件", "scenario or catalogue files to check"),
    "list": ("列出内置情景", "list the shipped scenarios"),
    "schema": ("输出情景文件的 JSON Schema（供编辑器补全与检查）", "print the scenario JSON Schema (for editor completion and checks)"),
    "catalogue_schema": ("输出协商目录文件的 JSON Schema", "print the consultation catalogue's JSON Schema instead"),
    "out": ("写入的文件（缺省为标准输出）", "file to write (default: standard output)"),
    "ok": ("✓ {file}：格式正确（{title}）", "✓ {file}: valid ({title})"),
    "bad_args": ("命令参数有误：{message}\n用法见：xieshang --help", "invalid arguments: {message}\nsee: xieshang --help"),
    "internal": ("内部错误：{error}\n这不是你的输入问题。设置 XIESHANG_DEBUG=1 可查看详细信息。", "internal error: {error}\nThis is not a problem with your input. Set XIESHANG_DEBUG=1 for details."),
    "usage": ("用法：", "usage: "),
    "positional": ("参数", "positional arguments"),
    "options": ("选项", "options"),
    "help": ("显示帮助并退出", "show this help message and exit"),
    "commands": ("命令", "commands"),
    "workshop": ("在本机浏览器中打开工作坊页面（不显示代码）", "serve the workshop page on this computer (no code shown)"),
    "workshop_scenario": ("工作坊使用的情景（缺省为 parking）", "the scenario for the workshop (default: parking)"),
    "port": ("端口（缺省为 8866 起第一个空闲端口）", "port (default: the first free one from 8866)"),
    "open": ("启动后自动打开浏览器", "open a browser once the page is ready"),
    "stop_after": ("运行指定秒数后自动停止", "stop by itself after this many seconds"),
    "reference": ("输出情景文件的字段说明（Markdown，中英对照）", "print the scenario field reference (Markdown, Chinese and English)"),
    "extra": ("xieshang {command} 需要可选组件 {extra}（缺少 {missing}）。请安装：pip install \"xieshang[{extra}]\"",
              "xieshang {command} needs the {extra} extra (missing: {missing}). Install it: pip install \"xieshang[{extra}]\""),
})

#: The modules each extra brings (pyproject.toml); a command that needs one sets ``extra`` as a default.
EXTRAS = {"workshop": ("voila", "ipywidgets", "ipykernel", "matplotlib"),
          "research": ("pyarrow", "dask", "distributed", "SALib", "tqdm", "matplotlib")}


def check_extra(command: str, extra: str | None) -> None:
    """A command whose extra is not installed says which to install (before importing anything)."""
    from importlib.util import find_spec

    missing = [m for m in EXTRAS.get(extra, ()) if find_spec(m) is None]
    if missing:
        raise BilingualError(*USAGE["extra"].format(command=command, extra=extra, missing=", ".join(missing)))


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are a short message in the chosen language."""

    lang = "zh"

    def error(self, message: str):
        raise ArgumentError(message)


class ArgumentError(Exception):
    pass


_ARGPARSE_ZH = [
    (r"the following arguments are required: command", r"缺少命令（命令列表见 xieshang --help）"),
    (r"argument (\S+): not allowed with argument (\S+)", r"参数 \1 不能与 \2 同时使用"),
    (r"argument (\S+): invalid int value: (.+)", r"参数 \1 应为整数，实际为 \2"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"参数 \1 的取值 \2 无效，可选：\3"),
    (r"argument (\S+): expected one argument", r"参数 \1 需要一个值"),
    (r"the following arguments are required: (.+)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
]


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def shown(text: str) -> str:
    """Text safe to print: control characters (a name "\x1b[2J" would clear the screen) written as escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def translate(message: str, lang: str) -> str:
    if lang == "zh":
        for pattern, replacement in _ARGPARSE_ZH:
            if re.fullmatch(pattern, message):
                return re.sub(pattern, replacement, message)
    return message


def pick_lang(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGS:
            return argv[i + 1]
        if arg.startswith("--lang=") and arg.split("=", 1)[1] in LANGS:
            return arg.split("=", 1)[1]
    return "zh"


def localised(lang: str) -> type[_Parser]:
    """A parser class whose headings and help line are in ``lang``."""
    t = {k: v(lang) for k, v in USAGE.items()}

    class Formatter(argparse.HelpFormatter):
        def add_usage(self, usage, actions, groups, prefix=None):
            super().add_usage(usage, actions, groups, t["usage"] if prefix is None else prefix)

    class Parser(_Parser):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "add_help": False, "formatter_class": Formatter})
            self._positionals.title, self._optionals.title = t["positional"], t["options"]
            self.add_argument("-h", "--help", action="help", help=t["help"])

    return Parser


def lang_option(p, lang: str) -> None:
    """The ``--lang zh|en`` option every command takes."""
    p.add_argument("--lang", choices=LANGS, default="zh", help=USAGE["lang"](lang))


WHY = {errno.ENOENT: ("文件夹不存在", "the folder does not exist"), errno.EISDIR: ("这是一个文件夹", "it is a folder"),
       errno.EACCES: ("没有写入权限", "permission denied"), errno.EROFS: ("只读文件系统", "read-only file system"),
       errno.ENOSPC: ("磁盘已满", "no space left")}


def cannot_write(out, exc: OSError) -> BilingualError:
    """Why ``out`` could not be written, in both languages."""
    zh, en = WHY.get(exc.errno, (exc.strerror or type(exc).__name__,) * 2)
    return BilingualError(f"{out}：无法写入（{zh}）", f"{out}: cannot write ({en})")


def document_file(name: str) -> Path:
    """The document file ``--out`` names, checked before anything runs: .docx, .html or .pdf, in a
    folder that exists (so a wrong name costs no run and leaves no file)."""
    from ..documents import FORMATS

    path = Path(name)
    if path.suffix.lower() not in FORMATS:
        raise BilingualError(f"--out {name}：不认识的文件类型“{path.suffix or '-'}”，应为 .docx、.html 或 .pdf",
                             f"--out {name}: unknown file type “{path.suffix or '-'}”; expected .docx, .html or .pdf")
    if not path.parent.is_dir():
        raise cannot_write(f"--out {name}", FileNotFoundError(errno.ENOENT, "no such folder"))
    return path


def save_document(doc, path: Path, size: str = "a4") -> None:
    """Write a document whole or not at all; a failure is a bilingual message (a missing browser for a
    PDF already is one)."""
    from ..documents import save

    try:
        save(doc, path, size)
    except OSError as exc:
        raise cannot_write(path, exc) from None


def write_or_print(out: str | None, text: str) -> int:
    """Write ``text`` to the file ``out`` (whole or not at all), or print it."""
    from ..files import write_text

    if out:
        out = Path(out)
        try:
            write_text(out, text)  # never a half-written file
        except OSError as exc:
            raise cannot_write(out, exc) from None
    else:
        sys.stdout.write(text)
    return 0


