"""CPU seconds of process trees (Linux /proc), for the load check: how much the server, the
clients and the rest of the machine each used."""
from __future__ import annotations

import asyncio
import os


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


async def meter(cpu: CpuMeter, stop: asyncio.Event) -> None:
    while not stop.is_set():
        cpu.sample()
        await asyncio.sleep(0.5)
    cpu.sample()
