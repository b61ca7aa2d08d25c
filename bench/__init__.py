"""Benchmarks: how cost grows with the work, side by side with what users would use instead.

Scripts that print figures, never timed tests. One command: ``python3 -m bench``.
"""
