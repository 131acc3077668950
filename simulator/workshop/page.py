"""The served pages: ``xieshang workshop`` (the trainer's dashboard), ``xieshang practice`` (the
convener's seat) and ``xieshang class`` (the class's result against the model) run Voilà on 127.0.0.1
with no code shown.

Kept apart from :mod:`simulator.workshop.dashboard` so that starting the server does not load
the model, matplotlib or ipywidgets: the page's own kernel does.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
import webbrowser
from importlib import resources
from pathlib import Path

from ..i18n import BilingualError, check_lang, texts
from ..scenario import load, resolve

TOKEN = "XIESHANG_TOKEN"  # how the start's token reaches the server (not on its command line, which anyone can list)
PAGE = "XIESHANG_PAGE"  # which page the server serves (its name in the server's messages)
#: The pages that can be served: the notebook in ``pages/`` and the page's name in messages.
PAGES = texts({"workshop": ("工作坊页面", "workshop page"), "practice": ("练习页面", "practice page"),
               "classroom": ("课堂结果页面", "class result page")})
TEXT = texts({
    "serving": ("{page}已启动：{address}\n请用浏览器打开这个地址；按 Ctrl+C 停止。",
                "The {page} is running at {address}\nOpen it in a browser; press Ctrl+C to stop."),
    "stopped": ("{page}已停止。", "The {page} has stopped."),
})


def page(which: str = "workshop") -> Path:
    """The notebook that ``xieshang workshop`` (or ``practice``, or ``class``) serves."""
    if which not in PAGES:
        raise ValueError(f"no such page: {which!r}")
    return Path(str(resources.files("simulator.workshop") / "pages" / f"{which}.ipynb"))


def free_port(start: int = 8866, tries: int = 100, ip: str = "127.0.0.1") -> int:
    """The first free port on ``ip`` from ``start``."""
    for port in range(start, start + tries):
        with socket.socket() as s:
            try:
                s.bind((ip, port))
            except OSError:
                continue
            return port
    raise BilingualError(f"端口 {start}–{start + tries - 1} 都已被占用，请用 --port 指定其他端口",
                         f"ports {start}-{start + tries - 1} are all in use; choose another with --port")


def voila_command(port: int, ip: str = "127.0.0.1", which: str = "workshop") -> list[str]:
    """The command that serves a page with Voilà (see :mod:`.server`) with no code shown."""
    return [
        sys.executable, "-m", "simulator.workshop.server", str(page(which)), "--no-browser", f"--port={port}",
        "--Voila.port_retries=0", f"--Voila.ip={ip}", "--strip_sources=True", "--show_tracebacks=False",
        "--theme=light", "--template=xieshang", "--preheat_kernel=True",  # the next page is ready before it is asked for
        "--Voila.log_level=ERROR",  # not its English warnings about notebook trust; errors still show
        # a page closed without saying so (a crashed browser, a bare GET) frees its kernel after 10 idle minutes
        "--MappingKernelManager.cull_idle_timeout=600", "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        *(["--KernelManager.transport_encryption=auto"] if _curve() else []),  # encrypted, and no TCP warning
    ]


def _curve() -> bool:
    import zmq

    return zmq.has("curve")


def serve(scenario: str = "parking", lang: str = "zh", port: int | None = None, open_browser: bool = False,
          stop_after: float | None = None, out=sys.stdout, ip: str = "127.0.0.1", which: str = "workshop",
          seed: int = 0, overrides: list[str] | tuple[str, ...] = ()) -> int:
    """Serve a page (``which``: a notebook of :data:`PAGES`) until Ctrl+C (or ``stop_after``
    seconds); return the exit status. ``seed`` is the practice session's; ``overrides`` (``--set``)
    the design the class page compares with.

    ``ip`` is 127.0.0.1 (this computer only); another address opens the page to that network on purpose.
    """
    lang = check_lang(lang)
    _check(port, stop_after)
    name = PAGES[which].zh if lang == "zh" else PAGES[which].en
    load(resolve(scenario), list(overrides))  # a broken scenario fails here, with the usual clear message
    port = free_port(port, tries=1, ip=ip) if port else free_port(ip=ip)
    token = secrets.token_urlsafe(24)  # a new one each start: the address shown is the key
    templates = str(page(which).parent / "jupyter")  # the offline Voilà template
    env = {**os.environ, "XIESHANG_SCENARIO": str(Path(scenario).resolve() if Path(scenario).is_file() else scenario),
           "XIESHANG_LANG": lang, "XIESHANG_SEED": str(seed), "XIESHANG_SET": json.dumps(list(overrides)), PAGE: which,
           "JUPYTER_PATH": os.pathsep.join(filter(None, [templates, os.environ.get("JUPYTER_PATH")])),
           TOKEN: token}
    # its own process group: Ctrl+C reaches this command only, which then stops Voilà in order
    server = subprocess.Popen(voila_command(port, ip, which), env=env, **_own_group())
    address = f"http://{ip}:{port}/?token={token}"
    restore = _stop_on_signals()  # a closed window or `kill` must not leave Voilà serving on its own
    try:
        if not _listening(ip, port, token, server):
            return server.wait()
        print(TEXT["serving"](lang, page=name, address=address), file=out, flush=True)
        if open_browser:
            webbrowser.open(address)
        try:
            return server.wait(timeout=stop_after)
        except subprocess.TimeoutExpired:
            return 0
    except KeyboardInterrupt:
        return 0
    finally:
        restore()
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
        print(TEXT["stopped"](lang, page=name), file=out, flush=True)


def _check(port: int | None, stop_after: float | None) -> None:
    if port is not None and not 1 <= port <= 65535:
        raise BilingualError(f"--port 应为 1 到 65535 之间的端口号，实际为 {port}",
                             f"--port must be a port from 1 to 65535, got {port}")
    if stop_after is not None and not (math.isfinite(stop_after) and stop_after > 0):  # nan never stops
        raise BilingualError(f"--stop-after 应为大于 0 的秒数，实际为 {stop_after}",
                             f"--stop-after must be a number of seconds above 0, got {stop_after}")


def _own_group() -> dict:
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def _stop_on_signals():
    """Turn SIGTERM and SIGHUP into KeyboardInterrupt, so that ``serve`` stops Voilà; returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    names = [n for n in ("SIGTERM", "SIGHUP") if hasattr(signal, n)]

    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    before = {n: signal.signal(getattr(signal, n), interrupt) for n in names}
    return lambda: [signal.signal(getattr(signal, n), handler) for n, handler in before.items()]


def _listening(ip: str, port: int, token: str, server: subprocess.Popen, timeout: float = 60) -> bool:
    """Wait until the server answers to this start's token (False if it exited first).

    Asking with the token, not just connecting, tells it from another program that took the port meanwhile.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        connection = http.client.HTTPConnection(ip, port, timeout=5)
        try:
            connection.request("GET", f"/?token={token}")
            if connection.getresponse().status == 302:  # the token is kept in a cookie: it is ours
                return True
        except OSError:
            pass
        finally:
            connection.close()
        time.sleep(0.1)
    return server.poll() is None
