"""Streamlit-as-a-subprocess and Playwright/Chromium helpers for browser tests.

    with StreamlitServer(env={"DATABASE_URL": url}) as app:   # streamlit_app.py, free port
        page.goto(app.url)
        wait_for_streamlit(page)
        screenshot(page, "forside")

``StreamlitServer(script=path)`` runs another script (e.g. a tiny one in tmp_path).
The server's output goes to ``test-artifacts/streamlit-logs/``; ``server.log_tail()``
shows the end of it (handy in assertion messages).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Mapping

from . import REPO_ROOT, artifacts_dir, safe_name
from .postgres import free_port

CHROMIUM = os.environ.get("KVP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1400, "height": 1000}
LOCALE = "nb-NO"
TIMEZONE = "Europe/Oslo"


class StreamlitServer:
    """A Streamlit app in a subprocess on 127.0.0.1:<free port>.

    script: path to the script (default: ``streamlit_app.py`` at the repo root).
    env:    extra environment for the app; a value of ``None`` removes that variable.
    args:   extra ``streamlit run`` options, e.g. ``["--server.maxUploadSize", "5"]``.
    """

    def __init__(self, script: str | os.PathLike | None = None, *,
                 env: Mapping[str, str | None] | None = None, args: list[str] | None = None,
                 cwd: str | os.PathLike = REPO_ROOT, startup_timeout: float = 90,
                 name: str | None = None) -> None:
        self.script = Path(script) if script else REPO_ROOT / "streamlit_app.py"
        self.env_overrides = dict(env or {})
        self.args = list(args or [])
        self.cwd = Path(cwd)
        self.startup_timeout = startup_timeout
        self.name = safe_name(name or self.script.stem)
        self.port: int | None = None
        self.proc: subprocess.Popen | None = None
        self.logfile: Path | None = None

    @property
    def url(self) -> str:
        assert self.port is not None, "server not started"
        return f"http://127.0.0.1:{self.port}"

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            "STREAMLIT_SERVER_HEADLESS": "true",
            "PYTHONUNBUFFERED": "1",
        })
        for key, value in self.env_overrides.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = str(value)
        return env

    def start(self) -> "StreamlitServer":
        if not self.script.is_file():
            raise FileNotFoundError(f"Streamlit script not found: {self.script}")
        self.port = free_port()
        self.logfile = artifacts_dir("streamlit-logs") / f"{self.name}-{self.port}.log"
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(self.script),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.port", str(self.port),
            "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
            "--global.developmentMode", "false",
            *self.args,
        ]
        with open(self.logfile, "wb") as log:
            self.proc = subprocess.Popen(cmd, cwd=self.cwd, env=self._env(), stdout=log,
                                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         start_new_session=True)
        deadline = time.monotonic() + self.startup_timeout
        while True:
            if self.proc.poll() is not None:
                out = self.log_tail()
                self.stop()
                raise RuntimeError(f"Streamlit exited with code {self.proc.returncode} "
                                   f"before it was healthy:\n{out}")
            if _health_ok(self.url):
                return self
            if time.monotonic() > deadline:
                out = self.log_tail()
                self.stop()
                raise TimeoutError(f"Streamlit not healthy after {self.startup_timeout}s:\n{out}")
            time.sleep(0.2)

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                return
            try:
                proc.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, lines: int = 60) -> str:
        if self.logfile is None or not self.logfile.exists():
            return "(no log)"
        return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self) -> "StreamlitServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def start_streamlit(script: str | os.PathLike | None = None, *,
                    env: Mapping[str, str | None] | None = None, **kwargs) -> StreamlitServer:
    """Start a StreamlitServer and return it (started). Stop it with ``.stop()`` or ``with``."""
    return StreamlitServer(script, env=env, **kwargs).start()


def _health_ok(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


# ---------------------------------------------------------------- Playwright

def launch_chromium(playwright, **kwargs):
    """Launch Debian's Chromium (never a Playwright-downloaded browser)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                      headless=True, **kwargs)


def new_context(browser, **kwargs):
    """A browser context with the project's defaults: 1400x1000, nb-NO, Europe/Oslo."""
    opts = {"viewport": VIEWPORT, "locale": LOCALE, "timezone_id": TIMEZONE, **kwargs}
    return browser.new_context(**opts)


# Resolves true once nothing in the DOM has changed for `quiet` ms (false after `limit` ms).
_DOM_QUIET_JS = """
([quiet, limit]) => new Promise((resolve) => {
  const started = performance.now();
  let timer;
  const finish = (ok) => { observer.disconnect(); clearTimeout(timer); clearTimeout(cap); resolve(ok); };
  const observer = new MutationObserver(() => {
    clearTimeout(timer);
    timer = setTimeout(() => finish(true), quiet);
  });
  observer.observe(document.documentElement,
                   {subtree: true, childList: true, attributes: true, characterData: true});
  timer = setTimeout(() => finish(true), quiet);
  const cap = setTimeout(() => finish(false), limit);
})
"""

_SCRIPT_DONE_JS = """
() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app) return false;
  if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  const state = app.getAttribute('data-test-script-state');
  if (state !== 'notRunning' && state !== 'compilationError') return false;
  if (document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')) return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  return true;
}
"""


def wait_for_streamlit(page, timeout: float = 30_000, quiet_ms: int = 300,
                       settle_ms: int = 200) -> None:
    """Wait until Streamlit has finished a script run and the page has settled.

    Streamlit marks its root element ``[data-testid="stApp"]`` with
    ``data-test-connection-state`` (``CONNECTED`` once the websocket is up) and
    ``data-test-script-state`` (``initial`` -> ``running`` -> ``notRunning``, or
    ``compilationError``); while a run is going the status widget shows
    ``stStatusWidgetRunningIcon``, and unrendered elements are ``stSkeleton``.
    We wait ``settle_ms`` first (so a rerun just triggered by a click has begun),
    then for "connected, not running, no spinner, no skeleton", then until the DOM
    has been still for ``quiet_ms``, and check the run state once more.

    Call it after ``page.goto(...)`` and after every interaction that reruns the app.
    """
    deadline = time.monotonic() + timeout / 1000
    page.wait_for_selector('[data-testid="stApp"]', state="attached", timeout=timeout)
    if settle_ms:
        page.wait_for_timeout(settle_ms)
    while True:
        remaining_ms = max(1_000, (deadline - time.monotonic()) * 1000)
        page.wait_for_function(_SCRIPT_DONE_JS, timeout=remaining_ms, polling=50)
        # False after 5 s if something keeps animating; that is fine, we go on.
        page.evaluate(_DOM_QUIET_JS, [quiet_ms, min(remaining_ms, 5_000)])
        if page.evaluate(_SCRIPT_DONE_JS):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Streamlit did not settle within {timeout} ms")


# Height the page would need to show everything without scrolling: Streamlit
# scrolls inside its own containers, so the document itself is only 100vh tall.
_CONTENT_HEIGHT_JS = """
() => {
  let extra = 0;
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (!/(auto|scroll)/.test(style.overflowY)) continue;
    extra = Math.max(extra, el.scrollHeight - el.clientHeight);
  }
  return Math.ceil(window.innerHeight + extra);
}
"""
MAX_TALL_HEIGHT = 12_000


@contextlib.contextmanager
def tall_viewport(page, max_height: int = MAX_TALL_HEIGHT):
    """Temporarily make the viewport tall enough to show all of Streamlit's content.

    Streamlit scrolls inside its own main container, so content below the fold
    is clipped: a normal full-page screenshot misses it, and axe treats it as
    hidden (no colour-contrast check). Inside this block it is all on screen.
    """
    size = page.viewport_size
    needed = page.evaluate(_CONTENT_HEIGHT_JS) if size else 0
    if not size or needed <= size["height"]:
        yield
        return
    page.set_viewport_size({"width": size["width"], "height": min(needed, max_height)})
    try:
        page.wait_for_timeout(150)  # let the layout follow the new height
        yield
    finally:
        page.set_viewport_size(size)


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG of the page to ``test-artifacts/screenshots/<name>.png``; return its path.

    With ``full_page`` (default) everything is in the picture, including what
    Streamlit's main area would need scrolling for (see ``tall_viewport``).
    """
    path = artifacts_dir("screenshots") / f"{safe_name(name)}.png"
    with tall_viewport(page) if full_page else contextlib.nullcontext():
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path
