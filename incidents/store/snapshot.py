"""A columnar copy of the incident frame beside the database (``<db>.frame.arrow``).

Converting every SQLite row to Python values costs ~10 µs a row: 1 s for a 100,000-incident
store, 16 s for a million, paid by the first query of every process (the app's start, a CLI
export). The frame is kept as an Arrow IPC file instead, which loads in a fraction of that.
The file records the store *generation* it was made at (the store's random id, its write
counter, its schema version and the frame layout); the store bumps the counter in every
write transaction, so a snapshot of another generation is stale and never read. It
is rewritten after the next load from SQLite. A snapshot that cannot be written (read-only
folder) or read (damaged) is simply not used.
"""
from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import pandas as pd
import pyarrow as pa

GENERATION_KEY = b"haiti_map_generation"


def path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".frame.arrow")


def write(frame: pd.DataFrame, generation: str, path: Path) -> bool:
    """Save ``frame`` as the snapshot of ``generation``; False when it cannot be written."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    meta = {**(table.schema.metadata or {}), GENERATION_KEY: generation.encode()}
    table = table.replace_schema_metadata(meta)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with pa.OSFile(str(tmp), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
            writer.write_table(table)
        os.replace(tmp, path)  # readers see the old file or the new one, never half of one
        return True
    except OSError:
        tmp.unlink(missing_ok=True)
        return False


def stamp(path: Path) -> str | None:
    """The generation the snapshot at ``path`` was made at (its footer only), or None."""
    try:
        with pa.memory_map(str(path)) as source:
            found = (pa.ipc.open_file(source).schema.metadata or {}).get(GENERATION_KEY)
    except (OSError, pa.ArrowException):
        return None
    return found.decode() if found else None


def read(path: Path, generation: str) -> pd.DataFrame | None:
    """The snapshot's frame if it was made at ``generation``, else None."""
    try:
        with pa.memory_map(str(path)) as source:
            reader = pa.ipc.open_file(source)
            if (reader.schema.metadata or {}).get(GENERATION_KEY) != generation.encode():
                return None
            table = reader.read_all()
    except (OSError, pa.ArrowException):
        return None
    if "sources" not in table.column_names:
        return table.to_pandas()
    lists = table.column("sources").combine_chunks()
    frame = table.drop_columns(["sources"]).to_pandas()
    tuples: list[tuple] = [()] * len(frame)
    if pa.types.is_list(lists.type):  # from the flat values and offsets: no list per row
        values, ends = lists.flatten().to_pylist(), lists.offsets.to_numpy().tolist()
        tuples = [tuple(values[i:j]) for i, j in pairwise(ends)]
    frame["sources"] = pd.Series(tuples, dtype=object)
    return frame
