"""The real app in headless Chromium: `streamlit run app.py` on a fresh store (so the first
run ingests data/articles/), every request that is not to the app aborted and counted (none
may leave), and each thing issue 11 asks of the map:

- a stack of incidents at one point fans out (spiderfy) and each of them opens; the popup
  steps through them too;
- no area hides a marker: at street and country zoom, the topmost element at the centre of
  every incident symbol is that symbol, and an imprecise incident's area is an outline;
- the time panel's caption changes while the slider plays; the 7-day window shows fewer
  incidents than the cumulative view; a filter change keeps the slider's day and the kinds
  switched off;
- a site's timeline lists the loss before the recapture, and the site is highlighted;
- a table row's click opens that incident's popup on the map;
- a review point set by a click on the map moves the incident;
- the choropleth mode colours areas under its own legend;
plus the date filter, a GeoJSON download, hostile article HTML shown as text and an upload
with a refused file. Saves artifacts/browser*.png. The same server also answers the load
check's browser-less session (bench/st_protocol.py).

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
HOSTILE_TEXT = "<script>alert(1)</script> <img src=x onerror=alert(1)>"

pytestmark = pytest.mark.browser
SERVER_DB: dict[str, Path] = {}  # the server's URL -> its store file


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
    SERVER_DB[url] = db
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


def caption(page) -> str:
    return page.locator('[data-testid="stCaptionContainer"]').first.inner_text()


def wait_caption_change(page, old: str, timeout_s: float = 30) -> str:
    deadline = time.monotonic() + timeout_s
    while (text := caption(page)) == old and time.monotonic() < deadline:
        page.wait_for_timeout(250)
    return text


def frame_of(page, index: int = 0):
    """The content frame of the index-th st_folium map on the page, once its script ran."""
    page.wait_for_selector(MAP_FRAME, timeout=60_000, state="attached")
    deadline = time.monotonic() + 30
    while True:
        handles = page.query_selector_all(MAP_FRAME)
        frame = handles[index].content_frame() if len(handles) > index else None
        if frame is not None and frame.evaluate("() => !!window.map"):
            return frame
        assert time.monotonic() < deadline, "the map did not start"
        page.wait_for_timeout(250)


def shown(frame) -> int:
    """Incidents the map shows now (window.HM counts them as it draws); -1 before the map's
    script has run or its incidents have arrived (the map fetches them)."""
    return frame.evaluate("() => window.HM && window.HM.nShown != null ? window.HM.nShown : -1")


def time_caption(frame) -> str:
    return frame.locator(".hm-time-caption").inner_text()


def set_day(frame, which: str) -> None:
    """Move the time panel's slider to its first or last day, as a user's drag does."""
    frame.evaluate("""(which) => { const s = document.querySelector('input.hm-slider');
        s.value = which === 'min' ? s.min : s.max; s.dispatchEvent(new Event('input')); }""",
                   which)


def wait_for(fn, timeout_s: float = 20, what: str = "condition"):
    deadline = time.monotonic() + timeout_s
    while not (value := fn()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.25)
    return value


def symbols_on_top(frame) -> tuple[int, list[str]]:
    """(symbols checked, those covered): for every incident symbol in view, the topmost
    element at its centre must belong to a marker (never an area drawn over it)."""
    return frame.evaluate("""() => {
        const icons = [...document.querySelectorAll('.leaflet-marker-pane .leaflet-marker-icon')];
        const box = document.querySelector('.leaflet-container').getBoundingClientRect();
        let n = 0; const covered = [];
        for (const icon of icons) {
            const r = icon.getBoundingClientRect();
            const x = r.left + r.width / 2, y = r.top + r.height / 2;
            if (x < box.left || x > box.right || y < box.top || y > box.bottom - 130) continue;
            n++;
            const top = document.elementFromPoint(x, y);
            if (!top || !top.closest('.leaflet-marker-pane, .leaflet-popup-pane, .leaflet-control'))
                covered.push(top ? top.tagName + '.' + top.getAttribute('class') : 'nothing');
        }
        return [n, covered];
    }""")


def test_app_in_a_real_browser(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1500}, accept_downloads=True)
    watch = Watch(page, server)
    page.goto(server, wait_until="domcontentloaded")
    frame = frame_of(page)
    wait_for(lambda: shown(frame) > 0, what="incidents on the map")
    first = caption(page)
    n_before = int(first.split()[0].replace(",", ""))
    before = shown(frame)
    assert 0 < before <= n_before, "the sample articles should be on the map"
    # The outlines come as files the app serves (not inside the map's script), in their own
    # pane under the incidents: every commune's line is drawn.
    outlines = frame.locator(".leaflet-hmOutlines-pane path")
    wait_for(lambda: outlines.count() > 100, what="the communes' outlines")
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

    # -- 1. every incident reachable: the biggest stack at one point fans out, each opens --
    stack = frame.evaluate("""() => { const by = {};
        HM.markers.filter(m => m.hmShown)  // a lost site's state ends when it is retaken
            .forEach(m => (by[m.hmKey] = by[m.hmKey] || []).push(m));
        const top = Object.values(by).sort((a, b) => b.length - a.length)[0];
        window.hmStack = top; map.setView(top[0].getLatLng(), 18, {animate: false});
        return top.map(m => m.feature.properties.id); }""")
    assert len(stack) >= 2, "the samples hold incidents that share a point"
    page.wait_for_timeout(600)
    frame.evaluate("() => HM.cluster.getVisibleParent(hmStack[0])._icon"
                   ".classList.add('hm-test-stack')")
    frame.locator(".hm-test-stack").click()  # a real click: identical points spiderfy
    page.wait_for_timeout(800)
    opened = []
    for i in range(len(stack)):
        frame.evaluate(f"() => hmStack[{i}]._icon.classList.add('hm-test-leg-{i}')")
        frame.locator(f".hm-test-leg-{i}").click()
        popup = frame.locator(".leaflet-popup")
        popup.wait_for(timeout=5_000)
        opened.append(popup.get_attribute("data-incident"))
        frame.evaluate("() => map.closePopup()")  # it may cover the next leg
    assert sorted(opened) == sorted(stack), "each incident of the stack opens"
    frame.locator(".hm-test-leg-0").click()
    stepped = [frame.locator(".leaflet-popup").get_attribute("data-incident")]
    for _ in range(len(stack) - 1):
        frame.locator(".leaflet-popup .hm-next").click()
        stepped.append(frame.locator(".leaflet-popup").get_attribute("data-incident"))
    assert sorted(stepped) == sorted(stack), "the popup steps through the whole stack"
    assert f"of {len(stack)} at this point" in frame.locator(".hm-nav").inner_text()
    frame.evaluate("() => map.closePopup()")

    # -- 2. areas hide nothing, at street and country zoom; an area is drawn as an outline --
    for view in ("[18.545, -72.32], 15", "[18.95, -72.75], 8"):
        frame.evaluate(f"() => map.setView({view}, {{animate: false}})")
        page.wait_for_timeout(700)
        checked, covered = symbols_on_top(frame)
        assert checked > 0 and covered == [], f"symbols covered at {view}: {covered}"
    page.screenshot(path=str(ARTIFACTS / "browser-country.png"))
    vague = frame.evaluate("""() => { const m = HM.markers.find(m => m.feature.properties.r_m
        && HM.cluster.hasLayer(m) && m._icon);
        if (!m) return null; m.fire('mouseover');
        const paths = [...document.querySelectorAll('.leaflet-overlay-pane path')]
            .filter(p => p.getAttribute('stroke-dasharray') === '6 4');
        return paths.map(p => p.getAttribute('fill')); }""")
    if vague is not None:  # an imprecise incident alone in view: its area, as an outline
        assert vague and set(vague) == {"none"}, vague

    # -- 4. time that counts: the caption follows the slider while it plays --------------------
    set_day(frame, "max")
    cumulative = shown(frame)
    frame.locator("select.hm-mode").select_option("7")
    windowed = shown(frame)
    assert windowed < cumulative, "the last 7 days hold fewer incidents than all until then"
    assert "in the 7 days to" in time_caption(frame)
    frame.locator("select.hm-mode").select_option("0")
    set_day(frame, "min")
    at_start = time_caption(frame)
    frame.locator("button.hm-play").click()
    seen = {at_start}
    deadline = time.monotonic() + 30
    while frame.evaluate("() => HM.state.t < HM.end") and time.monotonic() < deadline:
        seen.add(time_caption(frame))
        page.wait_for_timeout(150)
    assert len(seen) >= 3, f"the caption should follow the playing slider: {seen}"
    assert shown(frame) == cumulative  # played to the end: everything again

    # A filter change keeps the slider's day and the kinds switched off, in the same map.
    set_day(frame, "min")
    day, old_end = frame.evaluate("() => [HM.state.t, HM.end]")
    kind = frame.locator(".hm-kinds input").first
    kind_key = kind.get_attribute("data-kind")
    kind.uncheck()
    frame.evaluate("() => { window.hmProbe = 1; window.map.setView([19.9, -72.8], 13); }")
    end_thumb = page.locator('[data-testid="stSlider"] input[type="range"]').nth(1)
    end_thumb.focus()
    for _ in range(45):
        end_thumb.press("ArrowLeft")
    narrowed = wait_caption_change(page, first)
    assert "until" in narrowed  # the start stays at the first day: only an end date
    n_after = int(narrowed.split()[0].replace(",", ""))
    assert 0 < n_after < n_before
    wait_for(lambda: frame.evaluate("() => HM.end") < old_end, what="the narrowed data")
    assert frame.evaluate("() => window.hmProbe") == 1, "the map was reloaded"
    assert frame.evaluate("() => HM.state.t") == day, "the slider's day was lost"
    assert frame.evaluate(f"() => HM.state.hidden['{kind_key}']") is True
    assert not frame.locator(f".hm-kinds input[data-kind='{kind_key}']").is_checked()
    frame.evaluate(f"() => {{ HM.state.hidden['{kind_key}'] = false; HM.setTime(HM.end); }}")
    frame.evaluate("() => map.setView([18.0, -74.0], 7)")
    frame.locator("a.hm-fit").click()
    page.wait_for_timeout(500)
    assert frame.evaluate("() => window.map.getZoom()") > 7  # zoomed to the incidents

    # -- 6. linked views: a table row's click zooms to its incident and opens its popup ------
    page.goto(server, wait_until="domcontentloaded")
    frame = frame_of(page)
    wait_for(lambda: shown(frame) > 0, what="incidents on the map")
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 52)
    page.mouse.click(box["x"] + 20, box["y"] + 52)  # the first row's selection box
    frame = frame_of(page)
    popup = frame.locator(".leaflet-popup")
    popup.wait_for(timeout=20_000)
    assert popup.get_attribute("data-incident") == frame.evaluate("() => HM.focusId")
    assert frame.locator("path.hm-highlight").count() == 1
    assert frame.evaluate("() => map.getZoom()") >= 13

    # -- 3. counts per area: areas coloured, our own legend --------------------------------
    page.get_by_text("Counts per area", exact=True).click()
    legend = frame.locator(".hm-area-legend")
    legend.wait_for(timeout=20_000)
    assert "Incidents per commune" in legend.inner_text()
    assert frame.evaluate("""() => [...document.querySelectorAll('.leaflet-overlay-pane path')]
        .filter(p => Number(p.getAttribute('fill-opacity')) > 0.5
                     && p.getAttribute('fill') !== '#f3f0e8').length""") > 0
    page.screenshot(path=str(ARTIFACTS / "browser-areas.png"))

    # -- 5. sites over time: a site lost then recaptured, highlighted on the map ----------
    page.goto(f"{server}/?view=sites", wait_until="domcontentloaded")
    pick = page.locator('[data-testid="stMainBlockContainer"] [data-testid="stSelectbox"]').first
    pick.wait_for(timeout=30_000)
    pick.click()
    page.get_by_role("option", name=re.compile("Petite Rivi")).click()
    events = page.locator('[data-testid="stMarkdownContainer"] li')
    wait_for(lambda: any("Site lost" in t for t in events.all_inner_texts()), what="events")
    texts = events.all_inner_texts()
    lost = next(i for i, t in enumerate(texts) if "Site lost" in t)
    retaken = next(i for i, t in enumerate(texts) if "Site recaptured" in t)
    assert lost < retaken, texts
    assert "held by gangs" in texts[lost] and "held by security forces" in texts[retaken]
    frame = frame_of(page)
    frame.locator("path.hm-highlight").wait_for(timeout=20_000)
    assert "Site recaptured" in frame.locator(".leaflet-popup").inner_text()

    # -- 7. review: a point set by a click on the map moves the incident -------------------
    page.goto(f"{server}/?view=review&event_types=clash_or_attack", wait_until="domcontentloaded")
    page.get_by_role("tab", name="Set a point on the map").click()
    points_before = _points(server)
    frame = frame_of(page)
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 60, box["y"] + box["height"] / 2 + 40)
    page.get_by_text("Will save the place").wait_for(timeout=20_000)
    page.get_by_role("button", name="Save review").click()
    page.get_by_text("Saved:").wait_for(timeout=20_000)
    points_after = _points(server)
    moved = [k for k in points_before if points_before[k] != points_after.get(k)]
    assert len(moved) == 1, moved

    # An article with HTML in it: its popup shows the markup as text, and nothing runs.
    page.goto(f"{server}/?text=defaced", wait_until="domcontentloaded")
    frame = frame_of(page)
    wait_for(lambda: shown(frame) > 0, what="the defaced article's incident")
    frame.evaluate("() => HM.focus(HM.markers[0].feature.properties.id)")
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
    assert "2 files" in report.inner_text() and "1 refused or failed" in report.inner_text()

    assert watch.dialogs == [], "a script from an article ran"
    assert watch.external == [], f"requests left localhost: {watch.external}"


def _points(server_url: str) -> dict[str, tuple]:
    """Every incident's (lat, lon), read from the server's store file."""
    from incidents.store import open_store

    store = open_store(SERVER_DB[server_url], gazetteer=False)
    try:
        rows = store.query()
        return {str(r.id): (r.lat, r.lon) for r in rows.itertuples()}
    finally:
        store.close()


@pytest.mark.parametrize(("required", "outcome"), [("1", pytest.fail.Exception),
                                                    ("", pytest.skip.Exception)])
def test_missing_chromium_skips_locally_and_fails_in_ci(monkeypatch, required, outcome):
    monkeypatch.setattr(sys.modules[__name__], "CHROMIUM", None)
    monkeypatch.setenv("REQUIRE_BROWSER", required)
    with pytest.raises(outcome, match="browser test needs Debian's chromium"):
        _require_browser()


def test_the_load_checks_protocol_session_reruns_the_app_like_a_page(server):
    """bench/st_protocol.py, the load check's browser-less session: it opens the page, sets
    the search box by its label, reads the caption the rerun sends, and fetches the map's
    incident layers as a page would: once per new filtered set."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from bench.st_protocol import Session

    async def search(word: str) -> list:
        async with Session(server, "view=explore") as session:
            first = await session.rerun()
            assert "Search" in session.widgets and first.bytes > 0
            return [first, await session.rerun(Search=word), await session.rerun(Search=word)]

    # in a thread of its own: the sync Playwright of the other tests runs an event loop here
    with ThreadPoolExecutor(1) as pool:
        first, found, again = pool.submit(asyncio.run, search("Solino")).result(timeout=120)
    assert any("“Solino”" in t for t in found.texts), found.texts
    assert (first.fetched, found.fetched, again.fetched) == (1, 1, 0)
