"""Load check (issue 10, item 12): many sessions changing filters while an upload and a CLI
ingest write to the store. Not a test: it prints figures and exits 1 when something was lost.

    python3 bench/load_check.py [--sessions 20] [--changes 5] [--incidents 10000]

What it does, all on 127.0.0.1 and bounded in time (``--timeout``):
1. builds a synthetic store of ``--incidents`` incidents in a temporary folder, and a folder
   of articles for the CLI (the test articles, renamed and re-dated);
2. starts ``streamlit run app.py`` on a free port on that store;
3. opens ``--sessions`` pages in one headless Chromium (Debian's; each page is a Streamlit
   session) and has each make ``--changes`` filter changes (a search typed in the sidebar),
   one after another, timing each from the key press to the caption showing the new filter:
   the response time a user feels, through the real server, websocket and browser;
4. meanwhile uploads a 500 KB article through the Add page of another session, runs
   ``python -m incidents ingest`` on the articles folder, and probes ``/_stcore/health``
   every half second;
5. prints p50/p95/max of the filter changes and of the health probes, and the counts:
   every source report there before is still there (an incident merged with a new report
   may take a new id), and every article, the upload's and the CLI's included, is stored.

Honest limits: the sessions share one Chromium, which with the server shares the machine's
cores (a filter change includes drawing the map in the browser); a "filter change" is a
search, the filter whose rerun costs the most (a full-text query).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

if __package__ in (None, ""):  # `python3 bench/load_check.py`: make the repo importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--no-first-run", "--disable-sync"]
WORDS = ("police", "gang", "Solino", "Cabaret", "attack", "station", "Delmas", "road",
         "killed", "displaced", "Kenyan", "market")
TARGET_P95_S = 3.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class CpuMeter:
    """CPU seconds used by process trees (Linux /proc), sampled every half second so that
    processes which exit between samples (a closed page's renderer) are counted up to their
    last sample. ``roots``: name -> pid; a process counts for the first root among its
    ancestors, or as "other" (the CLI ingest, the health probes)."""

    def __init__(self, roots: dict[str, int]) -> None:
        self.roots = roots
        self.used: dict[int, tuple[str, float]] = {}  # pid -> (root name, CPU s so far)
        self.start = self._sample()

    @staticmethod
    def _stat() -> dict[int, tuple[int, float]]:
        out: dict[int, tuple[int, float]] = {}
        tick = os.sysconf("SC_CLK_TCK")
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", encoding="ascii") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            # fields[1] is the parent pid, fields[11] and [12] user and system ticks
            out[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
        return out

    def _sample(self) -> dict[int, tuple[str, float]]:
        stat = self._stat()
        by_pid = {pid: name for name, pid in self.roots.items()}
        now = {}
        for pid, (_, cpu) in stat.items():
            p, seen = pid, 0
            while p in stat and p not in by_pid and seen < 64:
                p, seen = stat[p][0], seen + 1
            now[pid] = (by_pid.get(p, "other"), cpu)
        return now

    def sample(self) -> None:
        for pid, (name, cpu) in self._sample().items():
            self.used[pid] = (name, cpu)

    def totals(self) -> dict[str, float]:
        """CPU seconds per root since the meter started (what existed then is subtracted)."""
        out: dict[str, float] = {name: 0.0 for name in [*self.roots, "other"]}
        for pid, (name, cpu) in self.used.items():
            out[name] += cpu - self.start.get(pid, (name, 0.0))[1]
        return out


def _store_state(db: Path) -> tuple[int, set[tuple[str, str]], set[str]]:
    """(incidents, every source report as (article, evidence), article names) of the store:
    an incident merged with a new report may take a new id, but its reports stay."""
    from incidents.store import open_store

    store = open_store(db, gazetteer=False)
    try:
        ids = list(store.query()["id"])
        src = store.sources(ids)
        reports = set(zip(src["article"], src["evidence"], strict=True))
        return len(ids), reports, set(store.articles()["name"])
    finally:
        store.close()


def _cli_articles(folder: Path, copies: int) -> list[str]:
    """The test articles written ``copies`` times under new names and dates."""
    from incidents.extract.article import iter_articles
    from incidents.model import Article

    base = [a for a in iter_articles([ROOT / "tests" / "data" / "articles"])
            if isinstance(a, Article)]
    names = []
    for i in range(copies):
        for a in base:
            name = f"load_{i:02d}_{a.name}"
            day = a.date + timedelta(days=7 * (i + 1))
            (folder / name).write_text(f" date {day.isoformat()}\n{a.text}\n", encoding="utf-8")
            names.append(name)
    return names


def _upload_file(folder: Path, kb: int = 500) -> Path:
    from bench.bench_hostile import long_article

    path = folder / "load_upload_500kb.txt"
    text = long_article(kb)[: kb * 1024 - 40]
    path.write_text(f" date {date(2024, 11, 2).isoformat()}\n{text}", encoding="utf-8")
    return path


def _start_server(db: Path, port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "HAITI_MAP_DB": str(db), "HAITI_MAP_SAMPLES": "",
           "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port),
         "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"streamlit exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                return proc
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise SystemExit("streamlit did not start within 90 s") from None
            time.sleep(0.3)


async def _session(browser, url: str, index: int, changes: int, times: list[float],
                   errors: list[str]) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 800})
    page.set_default_timeout(180_000)
    try:
        await asyncio.sleep(0.5 * index)  # users arrive over a few seconds, not all at once
        await page.goto(url, timeout=180_000)
        await page.get_by_test_id("stCaptionContainer").first.wait_for(timeout=120_000)
        box = page.locator('[data-testid="stSidebar"] input[aria-label="Search"]')
        for k in range(changes):
            word = WORDS[(index + k) % len(WORDS)]
            await box.fill(word)
            t0 = time.perf_counter()
            await box.press("Enter")
            await page.get_by_test_id("stCaptionContainer").filter(
                has_text=f"“{word}”").first.wait_for(timeout=120_000)
            times.append(time.perf_counter() - t0)
            await asyncio.sleep(0.5)
    except Exception as exc:  # a session that fails is a result, reported
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await page.close()


async def _upload(browser, url: str, path: Path, out: dict) -> None:
    page = await browser.new_page()
    page.set_default_timeout(180_000)
    try:
        await asyncio.sleep(5)  # once the sessions are arriving
        await page.goto(url + "/?view=add", timeout=180_000)
        await page.locator("input[type=file]").first.set_input_files(str(path))
        t0 = time.perf_counter()
        await page.get_by_role("button", name="Add these files").click()
        await page.get_by_text(re.compile(r"\d+ files?: ")).first.wait_for(timeout=600_000)
        out["upload_s"] = time.perf_counter() - t0
    except Exception as exc:
        out["upload_error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        await page.close()


async def _health(url: str, stop: asyncio.Event, times: list[float]) -> None:
    loop = asyncio.get_running_loop()

    def probe() -> float:
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=60):
                pass
        except OSError:
            return float("inf")
        return time.perf_counter() - t0

    while not stop.is_set():
        times.append(await loop.run_in_executor(None, probe))
        await asyncio.sleep(0.5)


async def _meter(cpu: CpuMeter, stop: asyncio.Event) -> None:
    while not stop.is_set():
        cpu.sample()
        await asyncio.sleep(0.5)
    cpu.sample()


async def _drive(url: str, args: argparse.Namespace, db: Path, articles: Path,
                 upload: Path, server_pid: int) -> dict:
    from playwright.async_api import async_playwright

    out: dict = {"times": [], "health": [], "errors": []}
    # The load check's own tree is the Playwright driver and Chromium (and this script).
    cpu = out["cpu"] = CpuMeter({"server": server_pid, "browser": os.getpid()})
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        stop = asyncio.Event()
        health = asyncio.create_task(_health(url, stop, out["health"]))
        meter = asyncio.create_task(_meter(cpu, stop))
        sessions = [_session(browser, url, i, args.changes, out["times"], out["errors"])
                    for i in range(args.sessions)]
        async def cli_done() -> None:
            await asyncio.sleep(10)  # once the sessions are at work
            t0 = time.perf_counter()
            cli = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "incidents", "ingest", str(articles), "--db", str(db),
                cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            cpu.roots["CLI"] = cli.pid
            text, _ = await cli.communicate()
            out["cli_s"] = time.perf_counter() - t0
            out["cli_rc"] = cli.returncode
            out["cli_tail"] = text.decode(errors="replace").strip().splitlines()[-1:]

        writes = [] if args.no_writes else [_upload(browser, url, upload, out), cli_done()]
        await asyncio.wait_for(asyncio.gather(*sessions, *writes), timeout=args.timeout)
        stop.set()
        await health
        await meter
        await browser.close()
    return out


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--changes", type=int, default=5, help="filter changes per session")
    parser.add_argument("--incidents", type=int, default=2000, help="store size")
    parser.add_argument("--cli-copies", type=int, default=3,
                        help="copies of the test articles the CLI ingests")
    parser.add_argument("--timeout", type=float, default=900, help="seconds for the whole run")
    parser.add_argument("--no-writes", action="store_true",
                        help="the baseline: the same sessions without the upload and the CLI")
    args = parser.parse_args(argv)
    if CHROMIUM is None:
        raise SystemExit("needs Debian's chromium (apt-get install chromium)")
    from bench.stores import build

    work = Path(tempfile.mkdtemp(prefix="haiti-load-"))
    proc = None
    try:
        db = work / "load.db"
        t0 = time.perf_counter()
        build(db, args.incidents)
        print(f"store: {args.incidents:,} synthetic incidents in {time.perf_counter() - t0:.0f} s",
              flush=True)
        articles = work / "cli"
        articles.mkdir()
        cli_names = _cli_articles(articles, args.cli_copies)
        upload = _upload_file(work)
        n_before, reports_before, names_before = _store_state(db)
        port = _free_port()
        proc = _start_server(db, port, work / "server.log")
        url = f"http://127.0.0.1:{port}"
        print(f"app on {url}; {args.sessions} sessions x {args.changes} filter changes" + (
              "" if args.no_writes else f", a {upload.stat().st_size // 1024} KB upload and a "
              f"CLI ingest of {len(cli_names)} articles"), flush=True)
        t0 = time.perf_counter()
        out = asyncio.run(_drive(url, args, db, articles, upload, proc.pid))
        wall = time.perf_counter() - t0
        n_after, reports_after, names_after = _store_state(db)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    lost = reports_before - reports_after
    added = [] if args.no_writes else [*cli_names, upload.name]
    missing = [n for n in [*names_before, *added] if n not in names_after]
    times, health = out["times"], [h for h in out["health"] if h != float("inf")]
    print(f"\nwall time {wall:.0f} s; filter changes timed: {len(times)} of "
          f"{args.sessions * args.changes}")
    if times:
        print(f"filter change response: p50 {_p(times, 0.5):.2f} s, p95 {_p(times, 0.95):.2f} s,"
              f" max {max(times):.2f} s (target p95 < {TARGET_P95_S} s)")
        print("  deciles: " + " ".join(f"{_p(times, q / 10):.1f}" for q in range(1, 10))
              + f" s; {sum(t > TARGET_P95_S for t in times)} over {TARGET_P95_S} s")
    if health:
        print(f"/_stcore/health: {len(health)} probes, p95 {_p(health, 0.95):.3f} s, "
              f"max {max(health):.3f} s, {len(out['health']) - len(health)} failed")
    print(f"upload of 500 KB: {out.get('upload_s', float('nan')):.1f} s "
          f"{out.get('upload_error', '')}")
    print(f"CLI ingest: {out.get('cli_s', float('nan')):.1f} s, exit {out.get('cli_rc')}, "
          f"{' '.join(out.get('cli_tail', []))}")
    print(f"incidents: {n_before:,} before, {n_after:,} after; source reports: "
          f"{len(reports_before):,} before, {len(reports_after):,} after, {len(lost)} of those "
          f"before lost; articles missing: {missing or 'none'}")
    used = out["cpu"].totals()
    per_change = (used["server"] + used["browser"]) / max(len(times), 1)
    print("CPU seconds: " + ", ".join(f"{name} {sec:.0f}" for name, sec in used.items())
          + f"; server + browser per filter change {per_change:.2f} s (page loads included)")
    for error in out["errors"]:
        print("error:", error)
    shutil.rmtree(work, ignore_errors=True)
    ok = not lost and not missing and not out["errors"] and "upload_error" not in out
    if args.no_writes:
        print("(baseline: no upload, no CLI ingest)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
