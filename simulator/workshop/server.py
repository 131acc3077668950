"""Voilà as ``xieshang workshop`` and ``xieshang practice`` run it:
``python -m simulator.workshop.server NOTEBOOK [Voilà options]``.

On top of Voilà, every request must name this server (``Host`` is 127.0.0.1 or localhost with our
port, so DNS rebinding gets 403) and carry the start's token (``?token=`` once, then a cookie); the
kernel websocket speaks only the v1 protocol (Voilà reads every binary frame as v1, so a legacy
client made it loop forever); at most ``MAX_KERNELS`` kernels run at once; the page's font is served.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import logging
import os
import re
import sys
import tempfile
from importlib import resources
from urllib.parse import urlencode

from tornado import web
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from ..i18n import texts
from .page import PAGE, PAGES, TOKEN

MAX_KERNELS = 8  # kernels at once, counting the one kept ready for the next page
V1 = "v1.kernel.websocket.jupyter.org"
FONT = "XieshangSansSC-Regular.otf"  # the template links /xieshang/fonts/ + this name

REFUSED = texts({
    "host": ("拒绝访问：{host} 不是这个{page}的地址。请打开 xieshang {command} 显示的地址。",
             "Refused: {host} is not this {page}'s address. Open the address that xieshang {command} shows."),
    "token": ("拒绝访问：缺少或错误的访问口令。请打开 xieshang {command} 显示的完整地址（含 ?token=…）。",
              "Refused: the access token is missing or wrong. Open the full address that xieshang {command} "
              "shows (with ?token=…)."),
    "full": ("本机已开着太多{page}。请关闭不用的页面，几分钟后再刷新。",
             "Too many {page}s are open on this computer. Close the pages you no longer use and reload "
             "in a few minutes."),
    "protocol": ("拒绝连接：请用浏览器打开{page}。", "Connection refused: open the {page} in a browser."),
})
SERVING = {"command": "workshop"}  # the page this server serves (``XIESHANG_PAGE``), named in its messages
COMMANDS = {"classroom": "class"}  # the command that serves a page, where its name differs


def refused(why: str, **values) -> tuple[str, str]:
    """Why a request was refused, in Chinese and English, naming this server's page and command."""
    which = SERVING["command"]
    zh, en = PAGES[which]
    text, command = REFUSED[why], COMMANDS.get(which, which)
    return (text.zh.format(page=zh, command=command, **values), text.en.format(page=en, command=command, **values))


class Refused(web.RequestHandler):
    """A short page in Chinese and English saying why the request was refused."""

    def initialize(self, status: int, why: str, **values):
        self.status, self.why, self.values = status, why, values

    def prepare(self):
        self.set_status(self.status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(refusal(*refused(self.why, **self.values)))


def refusal(zh: str, en: str) -> str:
    return (f"<!doctype html><html lang='zh'><meta charset='utf-8'><title>协商沙盘 · xieshang</title>"
            f"<p>{html.escape(zh)}</p><p lang='en'>{html.escape(en)}</p></html>")


class Welcome(web.RequestHandler):
    """The first visit with ``?token=``: keep the token in a cookie and show the address without it."""

    def initialize(self, cookie: str, token: str):
        self.cookie, self.token = cookie, token

    def get(self):
        self.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict")
        rest = {k: v for k, v in self.request.query_arguments.items() if k != "token"}
        self.redirect(self.request.path + ("?" + urlencode(rest, doseq=True) if rest else ""))


class Guarded(web.Application):
    """Voilà's application, refusing (403) any request with another ``Host`` or without the token."""

    def __init__(self, hosts: set[str], token: str, port: int, **settings):
        self.hosts, self.token, self.cookie = hosts, token, f"xieshang-{port}"
        super().__init__(**settings, log_function=lambda handler: None)  # no English request log in the terminal

    def find_handler(self, request, **kwargs):
        if request.host.lower() not in self.hosts:
            return self.get_handler_delegate(request, Refused, {"status": 403, "why": "host",
                                                                "host": request.host.split(":")[0][:100]})
        given = request.query_arguments.get("token", [b""])[-1].decode("utf-8", "replace")
        if request.method == "GET" and _same(given, self.token):
            return self.get_handler_delegate(request, Welcome, {"cookie": self.cookie, "token": self.token})
        cookie = request.cookies.get(self.cookie)
        if not _same(cookie.value if cookie else "", self.token):
            return self.get_handler_delegate(request, Refused, {"status": 403, "why": "token"})
        return super().find_handler(request, **kwargs)


def _same(given: str, token: str) -> bool:
    return hmac.compare_digest(given.encode(), token.encode())


class KernelSocket(VoilaKernelWebsocketHandler):
    """The kernel websocket, for clients that speak the v1 protocol only."""

    async def get(self, kernel_id):
        offered = {p.strip() for p in self.request.headers.get("Sec-WebSocket-Protocol", "").split(",")}
        if V1 not in offered:
            self.set_status(400)
            self.finish(refusal(*refused("protocol")))
            return
        await super().get(kernel_id)


class Page(TornadoVoilaHandler):
    """The dashboard page; refused politely (503) when ``MAX_KERNELS`` kernels would be exceeded."""

    opening = 0  # pages whose kernel is being started right now

    async def prepare(self):
        await super().prepare()
        self.counted = False
        if self._finished or self.request.method != "GET" or self.path_args and self.path_args[0]:
            return
        # each page takes a kernel and Voilà starts one more for the next page: room for two is needed
        if len(self.kernel_manager.list_kernel_ids()) + Page.opening + 2 > MAX_KERNELS:
            self.set_status(503)
            self.set_header("Retry-After", "120")
            self.finish(refusal(*refused("full")))
            return
        Page.opening += 1
        self.counted = True
        self.xsrf_token  # sets the _xsrf cookie the page's "closing" beacon needs to free its kernel

    def on_finish(self):
        if getattr(self, "counted", False):
            Page.opening -= 1
            self.counted = False


class WorkshopVoila(Voila):
    """Voilà with the guards above, its font route, and quiet logs."""

    def init_handlers(self):
        swap = {VoilaKernelWebsocketHandler: KernelSocket, TornadoVoilaHandler: Page}
        font = str(resources.files("simulator") / "fonts")
        return [(rf"/xieshang/fonts/({re.escape(FONT)})", web.StaticFileHandler, {"path": font}),
                *[(rule[0], swap.get(rule[1], rule[1]), *rule[2:]) for rule in super().init_handlers()]]

    def start(self):  # Voilà's own start, with the guarded application
        self.connection_dir = tempfile.mkdtemp(prefix="voila_", dir=self.connection_dir_root)
        names = {"127.0.0.1", "localhost", self.ip}
        hosts = {f"{name}:{self.port}" for name in names} | ({*names} if self.port == 80 else set())
        self.app = Guarded(hosts, self.token_value, self.port, **self.init_settings())
        self.app.settings.update(self.tornado_settings)
        self.app.add_handlers(".*$", self.init_handlers())
        self.listen()

    def _handle_signal_stop(self, sig, frame):  # SIGTERM, as `xieshang workshop` stops it
        self.ioloop.add_callback_from_signal(self._stop_kernels)

    async def _stop_kernels(self):
        """End every kernel, then the server, quietly: kernels still starting or running a page too."""
        self.log.setLevel(logging.CRITICAL + 1)  # kernels ended mid-run are expected now, not errors to show
        kernels = self.kernel_manager
        starting = [*getattr(kernels, "_pending_kernels", {}).values(),
                    *[task for pool in getattr(kernels, "_pools", {}).values() for task in pool]]
        await asyncio.gather(*starting, return_exceptions=True)  # shutting down a kernel still starting fails
        for kernel_id in kernels.list_kernel_ids():  # a signal would make a kernel still importing print a traceback
            kernels.get_kernel(kernel_id).kernel_spec.interrupt_mode = "message"
        await kernels.shutdown_all(now=True)  # killed: one asked to shut down mid-run prints a ZMQError
        self.ioloop.stop()  # Voilà's stop() then removes the connection files


def main(argv: list[str] | None = None) -> None:
    token = os.environ.pop(TOKEN, "")
    if os.environ.get(PAGE) in PAGES:
        SERVING["command"] = os.environ[PAGE]
    if len(token) < 16:
        sys.exit("XIESHANG_TOKEN must hold the start's random token")
    logging.getLogger("tornado.general").setLevel(logging.ERROR)  # a ping-timeout notice on every websocket
    app = WorkshopVoila.instance()
    app.token_value = token
    app.initialize(argv)
    app.start()


if __name__ == "__main__":
    main()
