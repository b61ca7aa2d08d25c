"""Seconds from ``streamlit run app.py`` to the map drawn in headless Chromium.

The browser is launched first (its start-up is not the app's cost), then the clock starts as
``streamlit run app.py`` is spawned with ``HAITI_MAP_DB`` pointing at a temporary store. The
page is opened as soon as the server answers its health check; the map counts as drawn when
the ``st_folium`` iframe holds a Leaflet map with incident markers in it. Every request that
does not go to localhost is aborted and counted (the app must need none).

Stores: the bundled sample (a fresh store, so the first run also ingests data/articles: "cold";
then the same store again: "warm") and a store of synthetic incidents loaded through the
store's bulk path (bench.stores: at least ``big`` incidents after merging), copied so the
app cannot change the cached one.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.measure import row

SECTION = "app"
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
TARGET_S = 5.0
BARE_TITLE = "bench: bare page"
# The framework's own floor: a Streamlit page that only shows a title.
BARE_APP = f"import streamlit as st\n\nst.title({BARE_TITLE!r})\n"
TIMEOUT_S = 120.0

# Incident markers inside the map frame: symbols (DivIcon/pin/cluster icons in the marker
# pane) or vector circles drawn for incidents (the boundary outlines are not interactive).
MARKERS_JS = """() => {
  const icons = document.querySelectorAll('.leaflet-marker-pane > *').length;
  const paths = document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length;
  const canvas = document.querySelectorAll('.leaflet-overlay-pane canvas').length;
  return {icons, paths, canvas, total: icons + paths};
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, deadline: float) -> None:
    while time.perf_counter() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with status {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"streamlit did not answer {url} within {TIMEOUT_S:.0f} s")


def _map_frame(page):
    for frame in page.frames:
        if frame.name and "st_folium" in (frame.name or ""):
            return frame
    handle = page.query_selector('iframe[title="streamlit_folium.st_folium"]')
    return handle.content_frame() if handle else None


def markers_drawn(page) -> tuple[bool, dict | None]:
    """(map frame present, what it has drawn when incident markers are there, else None)."""
    frame = _map_frame(page)
    if frame is None:
        return False, None
    try:
        seen = frame.evaluate(MARKERS_JS)
    except Exception:  # the frame is being (re)mounted
        return True, None
    return True, seen if seen and seen["total"] > 0 else None


def title_shown(page) -> tuple[bool, dict | None]:
    """For the bare Streamlit page: its title is on screen."""
    shown = page.get_by_text(BARE_TITLE).count() > 0
    return shown, {"icons": 0, "paths": 0, "total": 0} if shown else None


def time_to_map(browser, db: Path, log_path: Path, script: str = "app.py",
                probe=markers_drawn) -> dict:
    """Start ``streamlit run script`` on the store ``db``; seconds until ``probe`` sees the
    map drawn (incident markers in the st_folium frame), and what was seen on the way."""
    port = free_port()
    url = f"http://localhost:{port}"
    env = {**os.environ, "HAITI_MAP_DB": str(db), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
           "--server.port", str(port), "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none"]
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []

    def route(r):
        host = r.request.url.split("/")[2].split(":")[0] if "://" in r.request.url else ""
        if r.request.url.startswith(("data:", "blob:", "about:")) or \
                host in ("localhost", "127.0.0.1"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    with open(log_path, "w") as log:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        try:
            deadline = t0 + TIMEOUT_S
            _wait_healthy(url, proc, deadline)
            t_server = time.perf_counter() - t0
            page.goto(url, wait_until="commit", timeout=TIMEOUT_S * 1000)
            seen, t_frame = None, None
            while time.perf_counter() < deadline:
                framed, seen = probe(page)
                if framed and t_frame is None:
                    t_frame = time.perf_counter() - t0
                if seen:
                    break
                page.wait_for_timeout(50)
            else:
                tail = " | ".join(log_path.read_text(errors="replace").splitlines()[-8:])
                raise TimeoutError(f"{script}: map not drawn within {TIMEOUT_S:.0f} s "
                                   f"(last seen {seen}); server log ends: {tail}")
            t_map = time.perf_counter() - t0
        finally:
            os.killpg(proc.pid, 15)  # the streamlit we started, and only its group
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()
            context.close()
    return {"seconds": t_map, "server": t_server, "frame": t_frame, "markers": seen,
            "outside": len(outside)}


def run(big: int = 100_000, repeat: int = 3) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from bench.stores import synthetic_store

    rows = []
    with tempfile.TemporaryDirectory(prefix="bench_app_") as tmp, sync_playwright() as pw:
        tmp = Path(tmp)
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            bare = tmp / "bare_page.py"
            bare.write_text(BARE_APP)
            runs = [time_to_map(browser, tmp / "none.db", tmp / f"bare{i}.log", str(bare),
                                title_shown) for i in range(repeat)]
            rows.append(_summary("a bare Streamlit page (title only), for reference", runs,
                                 None))
            sample = tmp / "sample.db"
            cold = time_to_map(browser, sample, tmp / "cold.log")
            rows.append(_row("app map drawn, sample store, first run (ingests data/articles)",
                             cold, None, [cold["seconds"]]))
            warm = [time_to_map(browser, sample, tmp / f"warm{i}.log") for i in range(repeat)]
            rows.append(_summary("app map drawn, sample store", warm, None))
            made = synthetic_store(big)
            big_db = tmp / "big.db"
            shutil.copyfile(made.path, big_db)
            runs = [time_to_map(browser, big_db, tmp / f"big{i}.log") for i in range(repeat)]
            rows.append(_summary(f"app map drawn, store of {made.incidents:,} incidents", runs,
                                 made.incidents, extra=made.describe()))
        finally:
            browser.close()
    return rows


def _summary(label: str, runs: list[dict], size: int | None, extra: str = "") -> dict:
    import statistics

    mid = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]
    return _row(label, {**mid, "seconds": statistics.median(r["seconds"] for r in runs)}, size,
                [r["seconds"] for r in runs], extra)


def _row(label: str, r: dict, size: int | None, runs: list[float], extra: str = "") -> dict:
    seen = r["markers"] or {}
    note = f"server up {r['server']:.1f} s"
    if seen.get("total"):
        note += (f", map frame {r['frame']:.1f} s; {seen['icons']} icons + {seen['paths']} "
                 "vector markers drawn")
    note += f"; {r['outside']} requests left localhost (aborted)"
    held = size is not None
    return row(SECTION, f"start to shown: {label}", r["seconds"], "s", size=size,
               target=f"< {TARGET_S:g} s" if held else "",
               ok=(r["seconds"] < TARGET_S) if held else None,
               note=f"{note}; {extra}" if extra else note, runs=runs)
