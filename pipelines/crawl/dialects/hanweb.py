"""Hanweb JCMS: records in a ``<datastore>``, more from ``/module/web/jpage/dataproxy.jsp``.

The column page embeds its first records as XML inside ``<script type="text/xml"><datastore>`` (one
CDATA ``<li>`` per ``<record>``); a ``jpage({...})`` script gives ``perPage``/``totalRecord``/``groupSize``
and the ajax parameters (``columnid``, ``unitid``, ``webid`` …). More records come from the proxy, either
by POST ``?startrecord=&endrecord=&perpage=`` with those parameters as the form, or by GET ``?page=N``
following ``<nextgroup>``; answers carry ``totalrecord``/``totalpage`` and each group may repeat one
look-ahead row (the crawler dedupes). Static ``index_1.html`` is a 404 there, so it is never guessed.
Stop rules: past ``totalrecord``/``totalpage``, no ``<nextgroup>`` in GET mode, or a group with no new
links (the crawler's rule for every dialect).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from pipelines.crawl.dialects.base import Listing, Page, PageRequest
from pipelines.crawl.links import Link, extract_links

NAME = "hanweb"
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"

_DATASTORE = re.compile(r"<datastore\b.*?(?:</datastore>|$)", re.S | re.I)
_RECORD = re.compile(r"<record\b[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</record>", re.S | re.I)
_NEXTGROUP = re.compile(r"<nextgroup\b[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|(.*?))\s*</nextgroup>", re.S | re.I)
_HREF = re.compile(r"""href\s*=\s*['"]([^'"]+)['"]""", re.I)
_NUMBER_TAG = re.compile(r"<(totalrecord|totalpage|perpage)>\s*(\d+)\s*</\1>", re.I)
_SCRIPT_PARAM = re.compile(
    r"""\b(perPage|perpage|totalRecord|totalrecord|totalPage|totalpage|groupSize|groupsize|proxyUrl|proxyurl|"""
    r"""columnid|columnId|unitid|unitId|webid|webId|appid|appId|path|webname|webName|permissiontype|"""
    r"""sourceContentType|col|ajaxType|ajaxtype)\b['"]?\s*[:=]\s*['"]?([^'",;}\s)]*)""",
)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S | re.I)
_PAGING_SCRIPT = re.compile(r"jpage|dataproxy|totalrecord|perpage|startrecord", re.I)
_PROXY_IN_PAGE = re.compile(r"""['"(]?((?:https?://[^/'"\s]+)?/[\w/.-]*dataproxy\.jsp)""")
_FORM_KEYS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname", "permissiontype")


def matches(page: Page) -> bool:
    text = page.text
    return "<datastore" in text.lower() or "dataproxy.jsp" in text or ".jpage(" in text


def records(text: str, base_url: str) -> list[list[Link]]:
    """The links of each ``<record>`` (a CDATA ``<li>``) of the page's datastore(s)."""
    out: list[list[Link]] = []
    for store in _DATASTORE.finditer(text):
        for match in _RECORD.finditer(store.group(0)):
            fragment = match.group(1) if match.group(1) is not None else match.group(2)
            out.append(extract_links(fragment or "", base_url))
    return out


def settings(text: str) -> tuple[dict[str, str], bool]:
    """jpage parameters (keys lower-cased but ``sourceContentType``), and whether a script configures jpage.

    Only scripts mentioning jpage, the proxy or record counts are read, so an unrelated ``var path``
    elsewhere on the page does not leak into the form. The datastore's own counts come last.
    """
    found: dict[str, str] = {}
    for script in _SCRIPT.findall(text):
        if not _PAGING_SCRIPT.search(script):
            continue
        for key, value in _SCRIPT_PARAM.findall(script):
            if value:
                found["sourceContentType" if key.lower() == "sourcecontenttype" else key.lower()] = value
    configured = "perpage" in found or "totalrecord" in found
    for key, value in _NUMBER_TAG.findall(text):
        found[key.lower()] = value
    return found, configured


def _nextgroup(text: str, base_url: str) -> str | None:
    match = _NEXTGROUP.search(text)
    if not match:
        return None
    href = _HREF.search(match.group(1) or match.group(2) or "")
    return urljoin(base_url, href.group(1).replace("&amp;", "&")) if href else None


def parse(page: Page, cursor: Mapping[str, Any], params: Mapping[str, Any]) -> Listing:
    text = page.text
    recs = records(text, page.final_url)
    links = [link for rec in recs for link in rec]
    found, configured = settings(text)
    state: dict[str, Any] = dict(cursor)
    nextgroup = _nextgroup(text, page.final_url)
    for key in ("perpage", "totalrecord", "totalpage", "groupsize"):
        if key in found:
            state[key] = int(found[key]) if found[key].isdigit() else state.get(key)
        if key in params:
            state[key] = int(params[key])
    if not cursor:  # the column page: decide how to page on
        form = {k: v for k, v in found.items() if k in _FORM_KEYS}
        form.update({k: v for k, v in parse_qsl(urlsplit(nextgroup or "").query) if k in _FORM_KEYS})
        form.update({k: str(v) for k, v in params.get("form", {}).items()})
        named = _PROXY_IN_PAGE.search(text)  # older JCMS serve it at /module/jpage/dataproxy.jsp
        proxy = params.get("proxy_url") or found.get("proxyurl") or (named.group(1) if named else PROXY_PATH)
        state["proxy"] = urljoin(page.final_url, proxy)
        state["form"] = sorted(form.items())
        method = str(params.get("method") or "").upper()
        if not method:  # jpage's own way is POST by record range; a bare nextgroup link pages by GET
            method = "POST" if configured or not nextgroup else "GET"
        state["mode"] = method
        state["end"] = len(recs)
        if method == "GET" and nextgroup and state.get("perpage"):
            # resume after the records the page already holds (page=1 would repeat them)
            state["page"] = len(recs) // int(state["perpage"])
            nextgroup = _with_page(nextgroup, state["page"] + 1)
        else:
            state["page"] = 0
        if not recs and not nextgroup and "totalrecord" not in state:
            return Listing(links=links)  # a jpage script with nothing to page through
    return Listing(links=links, next=_next(state, nextgroup), bounded=_bounded(state))


def _bounded(state: Mapping[str, Any]) -> bool:
    return bool(state.get("totalrecord") if state["mode"] == "POST" else state.get("totalpage"))


def _with_page(url: str, page: int) -> str:
    return re.sub(r"([?&]page=)\d+", rf"\g<1>{page}", url)


def _next(state: dict[str, Any], nextgroup: str | None) -> list[PageRequest]:
    if state["mode"] == "GET":
        page = int(state.get("page", 0)) + 1
        total_pages = state.get("totalpage")
        if not nextgroup or (total_pages and page > total_pages):
            return []
        return [PageRequest(_with_page(nextgroup, page), cursor={**state, "page": page})]
    per_page = int(state.get("perpage") or 15)
    chunk = per_page * int(state.get("groupsize") or 3)
    start = int(state.get("end", 0)) + 1
    total = state.get("totalrecord")
    if total is not None and start > int(total):
        return []
    end = start + chunk - 1 if total is None else min(start + chunk - 1, int(total))
    url = f"{state['proxy']}?startrecord={start}&endrecord={end}&perpage={per_page}"
    return [PageRequest(url, method="POST", data=tuple(state["form"]), cursor={**state, "end": end})]
