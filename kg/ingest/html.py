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

    Raises:
        ValueError: the page cannot be parsed at all (see :func:`_extract`).

    >>> text, meta = html_to_text("<html><head><title>T</title></head><body><article>"
    ...     "<p>Pakistan and the United States agreed to share intelligence on Monday.</p>"
    ...     "</article><script>alert(1)</script></body></html>")
    >>> "alert" in text, meta["title"]
    (False, 'T')
    """
    out = _extract(html, with_metadata=True)
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


def _extract(html: str, *, with_metadata: bool) -> str | None:
    """trafilatura's JSON for ``html``; one retry without metadata if extraction crashes.

    Raises:
        ValueError: trafilatura (or lxml/htmldate under it) failed on this page even
            without metadata. Malformed pages can trip internal assertions there
            (``<iframe>`` as the root element, for one), which must not end a build.
    """
    import trafilatura

    try:
        with warnings.catch_warnings():
            # trafilatura and its date parser emit FutureWarnings from lxml idioms; not ours to fix
            warnings.simplefilter("ignore")
            return trafilatura.extract(
                html,
                output_format="json",
                with_metadata=with_metadata,
                include_comments=False,
                include_tables=False,
                favor_precision=True,
                date_extraction_params={"extensive_search": False, "original_date": True},
            )
    except Exception as exc:  # noqa: BLE001 - any failure of a third-party parser on hostile input
        if with_metadata:
            return _extract(html, with_metadata=False)
        detail = " ".join(str(exc).split())[:200]  # a Problem's reason is one line
        raise ValueError(f"cannot extract the article text from this HTML ({type(exc).__name__}: {detail})") from exc
