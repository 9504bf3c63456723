"""TRS WCM: static list pages ``index.html``, ``index_1.html`` … written by ``createPageHTML``.

Fingerprint: a call ``createPageHTML(…)`` or a ``countPage = N`` variable. The call comes as
``createPageHTML(count, current, "index", "html")`` (current 0-based) or in a 6-argument form such as
``createPageHTML('page_div', count, current, 'list', 'shtml', records)`` (current 1-based), with either
quotes and other argument orders; the page count is the larger of the first two numbers (the current
page never exceeds it), the extension is the ``html``/``shtml``/``htm`` argument and the prefix the
string just before it. ``index_1`` is the *second* page. Stop rules: the page count is reached, a page
is 404 (the crawler stops on it), or a page is a meta refresh back to ``./``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from pipelines.crawl.dialects.base import Listing, Page, PageRequest, same_folder

NAME = "trs"

_CALL = re.compile(r"(?<![\w.])(?<!function )createPageHTML\s*\(([^()]*)\)", re.I)
_COUNT_VAR = re.compile(r"\b(?:countPage|pageCount|totalPage|page_count)\s*=\s*['\"]?(\d+)", re.I)
_EXTENSIONS = ("html", "shtml", "htm", "jsp", "php")
_PAGE_NAME = re.compile(r"^([A-Za-z][\w-]*?)(?:_(\d+))?\.(s?html?|jsp|php)$", re.I)


def matches(page: Page) -> bool:
    text = page.text
    return bool(_CALL.search(text) or _COUNT_VAR.search(text))


def pagination(text: str) -> dict[str, Any] | None:
    """``{"count", "prefix", "ext"}`` from the page's script, or None when it has none."""
    count = None
    prefix = ext = None
    call = _CALL.search(text)
    if call:
        args = [a.strip().strip("'\"").strip() for a in call.group(1).split(",")]
        numbers = [int(a) for a in args if a.isdigit()]
        if numbers:
            count = max(numbers[:2])
        for index, arg in enumerate(args):
            if arg.lower() in _EXTENSIONS and not ext:
                ext = arg
                before = args[index - 1] if index else ""
                if before and not before.isdigit():
                    prefix = before
    var = _COUNT_VAR.search(text)
    if var:
        count = int(var.group(1))
    if count is None:
        return None
    return {"count": count, "prefix": prefix, "ext": ext}


def parse(page: Page, cursor: Mapping[str, Any], params: Mapping[str, Any]) -> Listing:
    """Next page of the TRS sequence; links themselves are collected by the generic pass."""
    refresh = page.meta_refresh()
    if refresh and cursor.get("n"):
        return Listing()  # past the last page: a refresh back to the column
    found = pagination(page.text) or {}
    count = int(params.get("count") or found.get("count") or cursor.get("count") or 0)
    name = urlsplit(page.final_url).path.rsplit("/", 1)[-1]
    match = _PAGE_NAME.match(name)
    current = int(match.group(2)) if match and match.group(2) else 0
    prefix = params.get("prefix") or cursor.get("prefix") or found.get("prefix")
    ext = params.get("ext") or cursor.get("ext") or found.get("ext")
    if match:
        prefix = prefix or match.group(1)
        ext = ext or match.group(3)
    prefix, ext = prefix or "index", ext or "html"
    base = cursor.get("base") or same_folder(page.final_url)
    state = {"count": count, "prefix": prefix, "ext": ext, "base": base}
    nxt = current + 1
    if nxt >= count:
        return Listing()
    return Listing(next=[PageRequest(f"{base}{prefix}_{nxt}.{ext}", cursor={**state, "n": nxt})])
