"""The CMS dialects the crawler knows, and detection of the one a column page is written in.

Detection looks for fingerprints, most specific first: ``gkmlpt`` with a ``SID``, then Hanweb's
``<datastore>``/``dataproxy.jsp``/``jpage``, then TRS's ``createPageHTML``/``countPage``; anything else
is ``generic``. A configured dialect skips detection. The dialect is only a hint for pagination: the
plain links of every HTML page are collected too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pipelines.crawl.dialects import generic, gkmlpt, hanweb, trs
from pipelines.crawl.dialects.base import Listing, Page, PageRequest

Parser = Callable[[Page, Mapping[str, Any], Mapping[str, Any]], Listing]

PARSERS: dict[str, Parser] = {
    gkmlpt.NAME: gkmlpt.parse,
    hanweb.NAME: hanweb.parse,
    trs.NAME: trs.parse,
    generic.NAME: generic.parse,
}
_DETECTION_ORDER = (gkmlpt, hanweb, trs)


def detect(page: Page) -> str:
    """The dialect a list page is written in (``generic`` when no fingerprint matches)."""
    for module in _DETECTION_ORDER:
        if module.matches(page):
            return module.NAME
    return generic.NAME


__all__ = ["PARSERS", "Listing", "Page", "PageRequest", "detect"]
