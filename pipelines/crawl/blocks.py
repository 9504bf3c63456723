"""Classifying what a portal answered: a usable body, or a block, a throttle, or a page that is gone.

Blocks are classified, never solved: anti-bot challenge pages (瑞数/Riversecurity ``$_ts`` scripts with
``r='m'``, the 412 they come with, 加速乐 ``__jsluid``/``__jsl_clearance`` cookie pages, often 521),
403s, 429/503 throttling, and soft 404s (a 200 saying 页面不存在) never reach the raw store as reports.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: How much of a body is read before deciding what it is.
SNIFF_BYTES = 64 * 1024

_RUISHU_MARK = re.compile(rb"r\s*=\s*['\"]m['\"]")
_JSL = re.compile(rb"__jsl_clearance|__jsluid|document\.cookie\s*=.{0,200}?location", re.S)
_SOFT_404_TITLE = re.compile(
    "页面不存在|页面未找到|找不到页面|页面已删除|信息已删除|该信息不存在|文章不存在|您访问的页面|404 Not Found|Page Not Found",
    re.I,
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)

RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 522, 523, 524})
BLOCKS = ("blocked:challenge", "blocked:forbidden", "throttled")


def classify_status(status: int) -> str | None:
    """The classification a status alone decides, or None when the body must be looked at."""
    if status in (404, 410):
        return "gone"
    if status == 403:
        return "blocked:forbidden"
    if status in (412, 521):
        return "blocked:challenge"
    if status in (429, 503):
        return "throttled"
    if status >= 400:
        return "error"
    return None


def classify_body(status: int, headers: Mapping[str, str], head: bytes) -> str:
    """``ok``, or a block / soft 404 recognised from the first bytes of a 2xx body."""
    cookies = " ".join(v for k, v in _items(headers) if k.lower() == "set-cookie")
    content_type = (headers.get("content-type") or "").lower()
    looks_html = "html" in content_type or head.lstrip()[:1] == b"<" or not content_type
    if not looks_html:
        return "ok"
    if b"$_ts" in head and (_RUISHU_MARK.search(head) or status == 412):
        return "blocked:challenge"
    jsl = "__jsluid" in cookies or "__jsl_clearance" in cookies or b"__jsl" in head
    if jsl and _JSL.search(head) and len(re.sub(rb"<script.*?</script>", b"", head, flags=re.S | re.I).strip()) < 400:
        return "blocked:challenge"
    if _soft_404(head):
        return "gone"
    return "ok"


def _soft_404(head: bytes) -> bool:
    text = head.decode("utf-8", "replace")
    title = _TITLE.search(text)
    if title and _SOFT_404_TITLE.search(title.group(1)):
        return True
    if len(head) < 4096:
        visible = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", " ", text, flags=re.S | re.I)
        return bool(_SOFT_404_TITLE.search(visible)) and len(visible.split()) < 40
    return False


def _items(headers: Mapping[str, str]) -> list[tuple[str, str]]:
    multi = getattr(headers, "multi_items", None)
    return list(multi()) if callable(multi) else list(headers.items())
