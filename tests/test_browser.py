"""The real app in headless Chromium: `streamlit run app.py` on a fresh store (so the first
run ingests data/articles/), the map drawn with incident markers, the date filter changing
them, the map's time slider replaying them, a GeoJSON download, hostile article HTML shown as
text, an upload with a refused file, and no request leaving the machine. Saves
artifacts/browser.png (and browser-escaped-popup.png).

Needs Debian's chromium (never `playwright install`). Skipped when it is absent, unless
REQUIRE_BROWSER=1 (CI), which turns the skip into a failure.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Incident symbols (marker pane) and incident circles (interactive paths; outlines are not).
COUNT_MARKERS = """() => document.querySelectorAll(
    '.leaflet-marker-pane > *, .leaflet-overlay-pane path.leaflet-interactive').length"""
HOSTILE_TEXT = "<script>alert(1)</script> <img src=x onerror=alert(1)>"

pytestmark = pytest.mark.browser


def _require_browser():
    missing = []
    if CHROMIUM is None:
        missing.append("Debian's chromium (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright Python package")
    if missing:
        why = "browser test needs " + " and ".join(missing)
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(why + " (REQUIRE_BROWSER=1)")
        pytest.skip(why)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The real app on a free localhost port, on a store that does not exist yet."""
    _require_browser()
    port = _free_port()
    db = tmp_path_factory.mktemp("browser") / "incidents.db"
    env = {**os.environ, "HAITI_MAP_DB": str(db), "PYTHONUNBUFFERED": "1"}
    env.pop("HAITI_MAP_SAMPLES", None)
    log = (db.parent / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (db.parent / "server.log").read_text()
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, "streamlit did not start within 60 s"
                time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Watch:
    """Every request that is not to the app is aborted and kept; every dialog too."""

    def __init__(self, page, origin: str):
        self.origin, self.external, self.dialogs = origin, [], []
        page.route("**/*", self._route)
        page.on("dialog", self._dialog)

    def _route(self, route):
        url = route.request.url
        if url.startswith((self.origin, "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)  # a script from an article ran: the test fails
        dialog.dismiss()


def map_frame(page):
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    return page.frame_locator(MAP_FRAME)


def markers(page, at_least: int = 1, timeout_s: float = 30) -> int:
    """Incident markers drawn in the map frame, once there are at least ``at_least``."""
    deadline = time.monotonic() + timeout_s
    while True:
        handle = page.query_selector(MAP_FRAME)
        frame = handle.content_frame() if handle else None
        n = frame.evaluate(COUNT_MARKERS) if frame else 0
        if n >= at_least or time.monotonic() > deadline:
            return n
        page.wait_for_timeout(250)


def caption(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]').first.inner_text()


def wait_caption_change(page, old: str, timeout_s: float = 30) -> str:
    deadline = time.monotonic() + timeout_s
    while (text := caption(page)) == old and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    return text


def test_app_in_a_real_browser(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1500}, accept_downloads=True)
    watch = Watch(page, server)
    page.goto(server, wait_until="domcontentloaded")
    map_frame(page)
    before = markers(page)
    first = caption(page)
    n_before = int(first.split()[0].replace(",", ""))
    assert before > 0 and n_before > 0, "the sample articles should be on the map"
    ARTIFACTS.mkdir(exist_ok=True)
    toast = page.locator('[data-testid="stToast"]')  # "Created the store…" fades by itself
    if toast.count():
        toast.first.wait_for(state="detached", timeout=15_000)
    page.screenshot(path=str(ARTIFACTS / "browser.png"), full_page=True)

    # The GeoJSON download holds exactly the incidents the caption counts.
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="GeoJSON").click()
    collection = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == n_before
    assert info.value.suggested_filename.endswith(".geojson")

    # Moving the end of the date slider back a few weeks draws fewer incidents, in the same
    # map (no reload): a view the user moved away from every incident comes back to them.
    frame = page.query_selector(MAP_FRAME).content_frame()
    frame.evaluate("() => { window.hmProbe = 1; window.map.setView([19.9, -72.8], 13); }")
    end_thumb = page.locator('[data-testid="stSlider"] input[type="range"]').nth(1)
    end_thumb.focus()
    for _ in range(45):
        end_thumb.press("ArrowLeft")
    narrowed = wait_caption_change(page, first)
    assert "until" in narrowed  # the start stays at the first day: only an end date
    n_after = int(narrowed.split()[0].replace(",", ""))
    assert 0 < n_after < n_before
    after = markers(page)
    deadline = time.monotonic() + 20
    while after >= before and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        after = markers(page)
    assert 0 < after < before
    frame = page.query_selector(MAP_FRAME).content_frame()
    assert frame.evaluate("() => window.hmProbe") == 1, "the map was reloaded"
    assert frame.evaluate("() => window.map.getZoom()") < 13, "the view stayed off the incidents"
    frame.evaluate("() => window.map.setView([18.0, -74.0], 7)")
    frame.locator("a.hm-fit").click()
    page.wait_for_timeout(500)
    assert frame.evaluate("() => window.map.getZoom()") > 7  # zoomed to the incidents

    # The time slider on the map: back to the first day fewer incidents, playing adds them.
    frame = page.query_selector(MAP_FRAME).content_frame()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}",
                        frame.locator("output.time-text").inner_text()), "slider date"
    full = markers(page)
    frame.evaluate("""() => { const s = document.querySelector('input.time-slider');
        s.value = s.min; s.dispatchEvent(new Event('input')); }""")
    page.wait_for_timeout(300)
    first_day = markers(page, at_least=0)
    assert first_day < full
    frame.locator("button.play").click()
    assert markers(page, at_least=first_day + 1) > first_day  # plays to the end in < 30 s

    # An article with HTML in it: its popup shows the markup as text, and nothing runs.
    page.goto(f"{server}/?text=defaced", wait_until="domcontentloaded")
    map_frame(page)
    assert markers(page) > 0
    frame = page.query_selector(MAP_FRAME).content_frame()
    frame.locator(".leaflet-marker-pane > *, path.leaflet-interactive").first.click(force=True)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert HOSTILE_TEXT in popup.inner_text()
    assert popup.locator("script, img").count() == 0
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "browser-escaped-popup.png"))

    # Adding articles: a new .txt goes in, a file of another type is refused with a reason.
    page.goto(f"{server}/?view=add", wait_until="domcontentloaded")
    upload = tmp_path / "upload"
    upload.mkdir()
    (upload / "kenscoff_roadblocks.txt").write_text(
        " date 2024-10-02 Police and Kenyan officers removed gang roadblocks in Kenscoff on "
        "Tuesday, police said.\n", encoding="utf-8")
    (upload / "scan.pdf").write_bytes(b"%PDF-1.4")
    page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]',
                         [str(upload / "kenscoff_roadblocks.txt"), str(upload / "scan.pdf")])
    page.get_by_role("button", name="Add these files").click()
    report = page.locator('[data-testid="stAlertContainer"]').first
    report.wait_for(timeout=30_000)
    assert "2 file(s)" in report.inner_text() and "1 refused or failed" in report.inner_text()

    assert watch.dialogs == [], "a script from an article ran"
    assert watch.external == [], f"requests left localhost: {watch.external}"


@pytest.mark.parametrize(("required", "outcome"), [("1", pytest.fail.Exception),
                                                    ("", pytest.skip.Exception)])
def test_missing_chromium_skips_locally_and_fails_in_ci(monkeypatch, required, outcome):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", None)
    monkeypatch.setenv("REQUIRE_BROWSER", required)
    with pytest.raises(outcome, match="browser test needs Debian's chromium"):
        _require_browser()
