"""Progress reporting: plain lines when the stream is not a terminal."""

from __future__ import annotations

import io

from kg.progress import progress


def test_plain_lines_off_terminal():
    out = io.StringIO()
    assert list(progress(range(5), stream=out, interval=0.0)) == [0, 1, 2, 3, 4]
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("kg build: 1 articles,")
    assert lines[-1].startswith("kg build: 5 articles in ")
    assert "\r" not in out.getvalue()
