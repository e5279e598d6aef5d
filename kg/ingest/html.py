"""HTML → article text and metadata, with trafilatura (made for exactly this).

Scripts, styles, navigation, comments, share widgets and footers are dropped; the main
text comes back one paragraph a line. Only dates the page states in its metadata are
kept (no guessing from copyright lines).
"""

from __future__ import annotations

import json
import warnings


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """The main text of an HTML page and its title, author, date, url and site name.

    >>> text, meta = html_to_text("<html><head><title>T</title></head><body><article>"
    ...     "<p>Pakistan and the United States agreed to share intelligence on Monday.</p>"
    ...     "</article><script>alert(1)</script></body></html>")
    >>> "alert" in text, meta["title"]
    (False, 'T')
    """
    import trafilatura

    with warnings.catch_warnings():
        # trafilatura and its date parser emit FutureWarnings from lxml idioms; not ours to fix
        warnings.simplefilter("ignore")
        out = trafilatura.extract(
            html,
            output_format="json",
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    if not out:
        return "", {}
    data = json.loads(out)
    meta = {
        "title": data.get("title") or None,
        "author": data.get("author") or None,
        "date": data.get("date") or None,
        "url": data.get("source") or data.get("url") or None,
        "source": data.get("sitename") or data.get("hostname") or None,
    }
    return data.get("text") or "", meta
