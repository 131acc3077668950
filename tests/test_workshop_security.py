"""The served workshop page against an attacker's review (issue 14): real Voilà started by ``xieshang workshop``,
real websockets, real Chromium."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import unicodedata
import uuid
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlparse
from urllib.request import HTTPCookieProcessor, Request, build_opener

import psutil
import pytest
from fontTools.ttLib import TTFont
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from playwright.sync_api import expect, sync_playwright
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from simulator.workshop import plots

from .conftest import cli

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
CAP = 8  # kernels at once, the one kept ready for the next page included
V1 = "v1.kernel.websocket.jupyter.org"


class Server:
    """``xieshang workshop`` in its own process group, as a trainer starts it (stops itself after 10 minutes)."""

    def __init__(self, folder: Path, *args: str):
        command = [str(Path(sys.executable).parent / "xieshang"), "workshop", "--stop-after", "600", *args]
        self.process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, start_new_session=True,  # Ctrl+C reaches its group only
                                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        first = self.process.stdout.readline()
        assert first.startswith("工作坊页面已启动："), first
        self.address = first.split("：", 1)[1].strip()
        self.port = urlparse(self.address).port
        self.base = f"http://127.0.0.1:{self.port}"
        self.jar = CookieJar()
        self.browser = build_opener(HTTPCookieProcessor(self.jar))  # keeps the token's cookie, as a browser does

    def get(self, url: str, headers: dict | None = None, opener=None, wait: float = 120):
        """``(status, body)`` of a GET (the server must answer within ``wait`` seconds)."""
        try:
            with (opener or self.browser).open(Request(url, headers=headers or {}), timeout=wait) as reply:
                return reply.status, reply.read().decode("utf-8")
        except HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def cookie(self) -> str:
        """The cookie the token leaves, got without opening a page (which would start a kernel)."""
        token = parse_qs(urlparse(self.address).query).get("token", [""])[0]
        self.get(f"{self.base}/voila/static/voila.js?token={token}")
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def processes(self) -> list[psutil.Process]:
        """The command, Voilà and its kernels."""
        return [psutil.Process(self.process.pid), *psutil.Process(self.process.pid).children(recursive=True)]

    def kernels(self) -> list[psutil.Process]:
        """The kernels still running (one that has just ended is a zombie until Voilà reaps it)."""
        found = []
        for p in self.processes():
            try:
                if p.status() != psutil.STATUS_ZOMBIE and "ipykernel_launcher" in " ".join(p.cmdline()):
                    found.append(p)
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                pass
        return found

    def memory(self) -> int:
        """Resident memory of the command, Voilà and its kernels, in bytes."""
        return sum(p.memory_info().rss for p in self.processes())

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.communicate(timeout=60)


@pytest.fixture
def server(tmp_path):
    running = Server(tmp_path)
    yield running
    running.stop()


def _message(msg_type: str, content: dict) -> dict:
    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": "attacker", "username": "",
              "version": "5.3", "date": "2026-01-01T00:00:00Z"}
    return {"header": header, "parent_header": {}, "metadata": {}, "content": content, "channel": "shell",
            "buffers": []}


def _read(reply) -> tuple[str, dict]:
    """A kernel message's type and content, from either protocol."""
    if isinstance(reply, bytes):
        _channel, parts = deserialize_msg_from_ws_v1(reply)
        return json.loads(parts[0])["msg_type"], json.loads(parts[3])
    message = json.loads(reply)
    return message["msg_type"], message["content"]


async def _ask_every_widget_for_its_state(ws, send) -> int:
    """The attack: list the widget comms, then send ``request_state`` to each (the Image widgets answer in PNG)."""
    send(ws, _message("comm_info_request", {"target_name": "jupyter.widget"}))
    while True:
        reply = await asyncio.wait_for(ws.read_message(), 120)
        assert reply is not None, "the kernel websocket closed"
        msg_type, content = _read(reply)
        if msg_type == "comm_info_reply":
            break
    for comm_id in content["comms"]:
        send(ws, _message("comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}}))
    await asyncio.sleep(3)
    return len(content["comms"])


def _legacy(ws, message):
    ws.write_message(json.dumps(message))


def _v1(ws, message):
    ws.write_message(serialize_msg_to_ws_v1(message, "shell", lambda part: json.dumps(part).encode()), binary=True)


def test_a_websocket_without_the_v1_protocol_cannot_freeze_the_server(server):
    status, page = server.get(server.address)
    assert status == 200
    kernel = re.search(r'"kernelId": "([0-9a-f-]+)"', page).group(1)
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels?session_id=attacker"
    cookie = {"Cookie": server.cookie()}

    async def attack(subprotocols, send):
        try:
            ws = await websocket_connect(HTTPRequest(url, headers=cookie), subprotocols=subprotocols)
        except HTTPClientError as exc:
            return exc.code
        await _ask_every_widget_for_its_state(ws, send)  # the exact messages of the review
        ws.close()
        return 101

    legacy = asyncio.run(attack(None, _legacy))
    static = f"{server.base}/voila/static/voila.js"  # a file: answered at once by a server that is not stuck
    assert server.get(static, wait=30)[0] == 200, "the server stopped answering"
    assert legacy == 400  # refused: Voilà reads every binary frame as v1
    # a client speaking v1 (as the page does) gets the states, PNG frames and all, and the server stays up
    assert asyncio.run(attack([V1], _v1)) == 101
    assert server.get(static, wait=30)[0] == 200
    assert server.get(f"{server.base}/")[0] == 200
    assert server.process.poll() is None


def test_dns_rebinding_and_a_missing_token_are_refused(server):
    status, page = server.get(server.address, {"Host": f"evil.example:{server.port}"})
    assert status == 403 and "拒绝访问" in page and "Refused" in page
    stranger = build_opener()  # no cookie, no token
    for path in ("/", "/voila/static/voila.js", f"/xieshang/fonts/{plots.FONT_FILE.name}", "/?token=wrong"):
        status, page = server.get(server.base + path, opener=stranger)
        assert status == 403, path
        assert "?token=" in page and "口令" in page, path
    assert server.get(f"http://localhost:{server.port}/", {"Host": f"127.0.0.1:{server.port + 1}"})[0] == 403
    # the address the command shows opens the page, and the cookie it sets serves the rest
    status, page = server.get(server.address)
    assert status == 200 and "kernelId" in page
    assert server.get(f"{server.base}/voila/static/voila.js")[0] == 200
    token = server.address.split("?token=")[1]
    other_name = build_opener(HTTPCookieProcessor(CookieJar()))
    assert server.get(f"http://localhost:{server.port}/voila/static/voila.js?token={token}", opener=other_name)[0] == 200

    async def socket_without_token():
        try:
            await websocket_connect(f"ws://127.0.0.1:{server.port}/api/kernels/{uuid.uuid4()}/channels",
                                    subprotocols=[V1])
        except HTTPClientError as exc:
            return exc.code

    assert asyncio.run(socket_without_token()) == 403


@pytest.mark.slow
def test_a_hundred_page_loads_leave_at_most_the_capped_kernels(server):
    cookie = server.cookie()
    plain = build_opener()
    statuses, memory = [], {}
    for load in range(1, 101):
        status, page = server.get(f"{server.base}/", {"Cookie": cookie}, opener=plain)
        statuses.append(status)
        assert status in (200, 503), status
        if status == 503:
            assert "太多工作坊页面" in page and "Too many workshop pages" in page
        assert len(server.kernels()) <= CAP, f"{len(server.kernels())} kernels after {load} loads"
        if load in (50, 100):
            memory[load] = _settled(server.memory)
    assert statuses[0] == 200 and statuses.count(200) >= CAP - 2 and statuses[-1] == 503
    assert memory[100] - memory[50] < 20 * 2**20, memory  # flat: the last 50 loads started nothing
    print(f"pages served {statuses.count(200)}, refused {statuses.count(503)}; kernels {len(server.kernels())}; "
          f"RSS after 50 loads {memory[50] / 2**20:.0f} MB, after 100 {memory[100] / 2**20:.0f} MB")


def _settled(measure) -> int:
    """``measure()`` once it stops moving (the kernel kept ready for the next page may still be warming up)."""
    before = measure()
    for _ in range(60):
        asyncio.run(asyncio.sleep(5))
        now = measure()
        if abs(now - before) < 5 * 2**20:
            return now
        before = now
    return now


def test_reloading_the_page_in_a_browser_frees_the_old_pages_kernel(server):
    """A trainer reloads the page again and again: each closed page frees its kernel, none is refused."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.goto(server.address, timeout=120_000)
        for _ in range(2 * CAP):
            expect(page.locator(".xs-summary")).to_contain_text("达成共识", timeout=120_000)
            assert len(server.kernels()) <= 3  # this page's, the next page's, and at most one on its way out
            page.reload(timeout=120_000)
        expect(page.locator(".xs-summary")).to_contain_text("达成共识", timeout=120_000)
        browser.close()


FONTCONFIG = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>/usr/share/fonts/truetype/dejavu</dir><cachedir>{cache}</cachedir></fontconfig>"""

FONT_REPORT = """async () => {
    await document.fonts.ready;
    const ours = [...document.fonts].filter(f => f.family.replace(/["']/g, '') === 'Xieshang Sans SC');
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let text = '';
    for (let node; (node = walker.nextNode());) {
        if (!['SCRIPT', 'STYLE'].includes(node.parentElement.tagName)) text += node.textContent;
    }
    text += [...document.querySelectorAll('input, textarea')].map(e => e.value).join('');
    const family = sel => getComputedStyle(document.querySelector(sel)).fontFamily;
    return {status: ours.map(f => f.status), text,
            families: ['.xs-summary', 'button.xs-run-button', '.xs-selection select', '.widget-label',
                       '.xs-dashboard h2', 'body'].map(family)};
}"""


def test_the_page_brings_its_own_chinese_font(server, tmp_path):
    """With no Chinese font on the computer, the page's words still render: in the font the kit ships."""
    config = tmp_path / "fonts.conf"
    config.write_text(FONTCONFIG.format(cache=tmp_path / "cache"))
    env = {**os.environ, "FONTCONFIG_FILE": str(config)}
    listed = subprocess.run(["fc-list", ":lang=zh"], env=env, capture_output=True, text=True, check=True)
    assert listed.stdout.strip() == ""  # this browser sees no system Chinese font
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, env=env)
        page = browser.new_page()
        page.goto(server.address, timeout=120_000)
        expect(page.locator(".xs-summary")).to_contain_text("达成共识", timeout=120_000)
        report = page.evaluate(FONT_REPORT)
        browser.close()
    assert report["status"] == ["loaded"]  # the @font-face of the template, fetched from this server
    for family in report["families"]:
        assert family.startswith('"Xieshang Sans SC"'), family
    cmap = TTFont(plots.FONT_FILE).getBestCmap()
    shown = {c for c in report["text"] if not c.isspace() and unicodedata.category(c) != "Cf"}  # Cf: drawn as nothing
    assert "协" in shown and len(shown) > 100
    missing = sorted(c for c in shown if ord(c) not in cmap)
    assert not missing, f"rebuild the font with simulator/fonts/make_subset.py; missing: {''.join(missing)}"


def test_ctrl_c_after_a_page_load_is_quiet(server):
    assert server.get(server.address)[0] == 200
    asyncio.run(asyncio.sleep(3))  # the kernel for the next page is running the notebook now
    everything = server.processes()
    os.killpg(server.process.pid, signal.SIGINT)  # what Ctrl+C in the terminal sends to the command's group
    out, err = server.process.communicate(timeout=60)
    assert out.strip().endswith("工作坊页面已停止。")
    assert err == ""  # no traceback, no English warnings from Voilà or the kernels
    _gone, alive = psutil.wait_procs(everything, timeout=30)
    assert not alive, alive  # Voilà and every kernel stopped with it


@pytest.mark.parametrize(("args", "zh"), [
    (["--port", "70000"], "--port 应为 1 到 65535 之间的端口号"),
    (["--stop-after", "nan"], "--stop-after 应为大于 0 的秒数"),
    (["--stop-after", "-5"], "--stop-after 应为大于 0 的秒数"),
])
def test_bad_workshop_arguments_are_a_clear_message(args, zh):
    out = cli("workshop", *args)
    assert out.returncode == 2, out.stderr
    assert zh in out.stderr and "Traceback" not in out.stderr
    english = cli("workshop", *args, "--lang", "en")
    assert english.returncode == 2 and "must be" in english.stderr and "Traceback" not in english.stderr
