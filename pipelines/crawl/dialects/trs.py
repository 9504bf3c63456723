"""TRS WCM: static list pages ``index.html``, ``index_1.html`` … written by ``createPageHTML``.

Fingerprint: a call ``createPageHTML(…)`` or a ``countPage = N`` variable. The call comes as
``createPageHTML(count, current, "index", "html")`` (current 0-based) or in a 6-argument form such as
``createPageHTML('page_div', count, current, 'list', 'shtml', records)`` (current 1-based), with either
quotes and other argument orders; of the first two numbers the page count is the larger (the current
page never exceeds it), the extension is the ``html``/``shtml``/``htm`` argument and the prefix the
string just before it. The next page is always ``prefix_(current+1)``: ``index_1`` is the *second* page
of the 0-based form, ``list_2`` that of the 1-based one. Stop rules: the page count is reached, a page is
404 (the crawler stops on it), or a page is a meta refresh back to ``./``.
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
_CURRENT_VAR = re.compile(r"\b(?:currentPage|curPage|pageIndex)\s*=\s*['\"]?(\d+)", re.I)
_EXTENSIONS = ("html", "shtml", "htm", "jsp", "php")
_PAGE_NAME = re.compile(r"^([A-Za-z][\w-]*?)(?:_(\d+))?\.(s?html?|jsp|php)$", re.I)


def matches(page: Page) -> bool:
    text = page.text
    return bool(_CALL.search(text) or _COUNT_VAR.search(text))


def pagination(text: str) -> dict[str, Any] | None:
    """``{"count", "current", "prefix", "ext", "args"}`` from the page's script, or None when it has none."""
    count = current = prefix = ext = None
    nargs = 0
    call = _CALL.search(text)
    if call:
        args = [a.strip().strip("'\"").strip() for a in call.group(1).split(",")]
        nargs = len(args)
        numbers = [int(a) for a in args if a.isdigit()]
        if numbers:
            count, current = max(numbers[:2]), min(numbers[:2]) if len(numbers) > 1 else None
        for index, arg in enumerate(args):
            if arg.lower() in _EXTENSIONS and not ext:
                ext = arg
                before = args[index - 1] if index else ""
                if before and not before.isdigit():
                    prefix = before
    var = _COUNT_VAR.search(text)
    if var:
        count = int(var.group(1))
    var = _CURRENT_VAR.search(text)
    if var and current is None:
        current = int(var.group(1))
    if count is None:
        return None
    return {"count": count, "current": current, "prefix": prefix, "ext": ext, "args": nargs}


def parse(page: Page, cursor: Mapping[str, Any], params: Mapping[str, Any]) -> Listing:
    """The next page of the TRS sequence: ``prefix_(current+1)``, while pages remain.

    Whether the current-page argument counts from 0 or 1 is read off the column's first page (0 in
    the 4-argument form, 1 in the 6-argument one) and carried in the cursor.
    """
    if page.meta_refresh() and cursor.get("n"):
        return Listing()  # past the last page: a refresh back to the column
    found = pagination(page.text) or {}
    count = int(params.get("count") or found.get("count") or cursor.get("count") or 0)
    name = urlsplit(page.final_url).path.rsplit("/", 1)[-1]
    match = _PAGE_NAME.match(name)
    number_in_name = int(match.group(2)) if match and match.group(2) else 0
    current = found.get("current")
    if "base" in cursor:
        base = int(cursor["base"])
    elif current in (0, 1) and not number_in_name:
        base = current
    else:
        base = 1 if found.get("args", 0) >= 6 else 0
    if current is None:
        current = number_in_name if number_in_name else base
    prefix = params.get("prefix") or cursor.get("prefix") or found.get("prefix")
    ext = params.get("ext") or cursor.get("ext") or found.get("ext")
    if match:
        prefix = prefix or match.group(1)
        ext = ext or match.group(3)
    prefix, ext = prefix or "index", ext or "html"
    if current - base + 1 >= count:
        return Listing()
    folder = cursor.get("folder") or same_folder(page.final_url)
    nxt = current + 1
    state = {"count": count, "prefix": prefix, "ext": ext, "folder": folder, "base": base, "n": nxt}
    return Listing(next=[PageRequest(f"{folder}{prefix}_{nxt}.{ext}", cursor=state)], bounded=True)
