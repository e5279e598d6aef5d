"""Progress for long builds: a tqdm bar on a terminal, plain log lines elsewhere.

A bar redrawn with carriage returns is noise in a CI log or a file; when stderr is not a
terminal, a line like ``kg build: 1,200 articles, 38.1 articles/s`` is written every
``interval`` seconds instead, and once at the end.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], *, desc: str = "kg build", unit: str = "article", interval: float = 10.0,
             stream: TextIO | None = None) -> Iterator[T]:
    """Yield ``items`` unchanged while reporting how many went by and how fast."""
    out = stream or sys.stderr
    if out.isatty():
        from tqdm import tqdm

        yield from tqdm(items, desc=desc, unit=unit, file=out, mininterval=0.5, dynamic_ncols=True)
        return
    start = last = time.monotonic()
    n = 0
    for n, item in enumerate(items, 1):
        yield item
        now = time.monotonic()
        if now - last >= interval:
            last = now
            out.write(f"{desc}: {n:,} {unit}s, {n / (now - start):.1f} {unit}s/s\n")
            out.flush()
    elapsed = max(time.monotonic() - start, 1e-9)
    out.write(f"{desc}: {n:,} {unit}s in {elapsed:.1f} s ({n / elapsed:.1f} {unit}s/s)\n")
    out.flush()
