"""The load check's actors (bench/load_check.py): sessions that change filters (browser
pages, or protocol sessions without a browser), the upload through the Add page, the health
probe; each records its timings for the report."""
from __future__ import annotations

import asyncio
import re
import time
import urllib.request
from pathlib import Path

from bench.st_protocol import Session

WORDS = ("police", "gang", "Solino", "Cabaret", "attack", "station", "Delmas", "road",
         "killed", "displaced", "Kenyan", "market")
TIMELINE: list[tuple[float, float]] = []  # (perf_counter at the change, seconds) of each
EVENTS: dict[str, float] = {}  # perf_counter of the writes' starts and ends


async def protocol_session(url: str, index: int, changes: int, times: list[float],
                            errors: list[str]) -> None:
    """A session without a browser (bench/st_protocol.py), paced as ``browser_session``."""
    try:
        await asyncio.sleep(0.5 * index)
        async with Session(url, "view=explore") as session:
            await session.rerun()
            for k in range(changes):
                word = WORDS[(index + k) % len(WORDS)]
                run = await session.rerun(Search=word)
                if not any(f"“{word}”" in text for text in run.texts):
                    raise AssertionError(f"no caption for “{word}” in the rerun")
                times.append(run.seconds)
                TIMELINE.append((time.perf_counter() - run.seconds, run.seconds))
                await asyncio.sleep(0.5)
    except Exception as exc:  # a session that fails is a result, reported
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc)[:200]}")


async def warm_up(url: str) -> None:
    """One page served before the sessions arrive: a server's first page pays its imports and
    the store's first load (2-3 s), a start-up cost, not load."""
    async with Session(url, "view=explore") as session:
        await session.rerun()


async def browser_session(browser, url: str, index: int, changes: int, times: list[float],
                          errors: list[str]) -> None:
    """A Chromium page of the app: ``changes`` searches typed in the sidebar, each timed from
    the key press to the caption showing it."""
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
            TIMELINE.append((t0, times[-1]))
            await asyncio.sleep(0.5)
    except Exception as exc:  # a session that fails is a result, reported
        errors.append(f"session {index}: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await page.close()


async def upload_page(browser, url: str, path: Path):
    """The Add page, opened with the file chosen before the sessions arrive: the upload then
    starts when asked, not when a page loaded among twenty sessions is ready."""
    page = await browser.new_page()
    page.set_default_timeout(180_000)
    await page.goto(url + "/?view=add", timeout=180_000)
    await page.locator("input[type=file]").first.set_input_files(str(path))
    return page


async def upload(page, out: dict, delay: float) -> None:
    try:
        await asyncio.sleep(delay)
        t0 = time.perf_counter()
        await page.get_by_role("button", name="Add these files").click()
        await page.get_by_text(re.compile(r"\d+ files?: ")).first.wait_for(timeout=600_000)
        out["upload_s"] = time.perf_counter() - t0
        EVENTS["upload"], EVENTS["upload done"] = t0, time.perf_counter()
    except Exception as exc:
        out["upload_error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    finally:
        await page.close()


async def health(url: str, stop: asyncio.Event, times: list[float]) -> None:
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
