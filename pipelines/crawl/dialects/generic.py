"""Any list page: its links, and pagination by ``下一页``/numbered links or a column's sub-columns.

Runs on every HTML list page whatever the dialect, so a CMS nobody has described still yields its
reports. Only pages under the column's own folder on the same host are followed, so the crawl cannot
wander off into the rest of the portal; the crawler's "no new links" rule ends every sequence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from pipelines.crawl.dialects.base import Listing, Page, PageRequest, same_folder
from pipelines.crawl.links import Link, extract_links, is_attachment_url, is_list_like, is_report_title

NAME = "generic"

_NEXT_WORDS = re.compile(r"^(?:下一页|下页|后一页|下一頁|next|next page|>|›|»|>>|尾页|末页|最后一页|last)$", re.I)
_PAGE_NUMBER = re.compile(r"^\[?\d{1,4}\]?$")
_PAGING_URL = re.compile(r"(?:[?&](?:page|pageno|pagenum|pageindex|currpage|curpage|p|pn)=\d+|[_-]\d+\.\w+$|/\d+\.s?html?$)", re.I)


def matches(page: Page) -> bool:
    return page.is_html


def parse(page: Page, cursor: Mapping[str, Any], params: Mapping[str, Any]) -> Listing:
    links = extract_links(page.text, page.final_url)
    column_folder = str(params.get("column_folder") or same_folder(page.url))
    return Listing(links=links, next=follow_ups(links, page.final_url, column_folder))


def follow_ups(links: list[Link], page_url: str, column_folder: str) -> list[PageRequest]:
    """Pagination links and sub-column index pages under ``column_folder``."""
    out: list[PageRequest] = []
    host = urlsplit(page_url).netloc
    sub_columns = urlsplit(column_folder).path != "/"  # at a site's root every index page would qualify
    page_key = page_url.split("#", 1)[0]
    for link in links:
        if link.url == page_key or urlsplit(link.url).netloc != host or not link.url.startswith(column_folder):
            continue
        if is_attachment_url(link.url) or is_report_title(link.title):
            continue
        text = link.text.strip()
        paging = bool(_NEXT_WORDS.match(text)) or (bool(_PAGE_NUMBER.match(text)) and bool(_PAGING_URL.search(link.url)))
        if paging or (sub_columns and is_list_like(link.url)):
            out.append(PageRequest(link.url))
    return out
