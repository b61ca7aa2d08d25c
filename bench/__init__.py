"""Benchmarks: how cost grows with the work, side by side with what users would use instead.

Scripts that print figures, never timed tests. One command: ``python3 -m bench`` (bench.run).
Runs on a fresh clone: sections that need ../shared (the development corpus and scorer) say
so and are skipped; the rest use the repo's articles and boundaries and bench.synthetic.

May import every package of the project (it measures them); nothing imports bench.
"""
