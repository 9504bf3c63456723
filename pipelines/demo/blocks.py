"""Anti-bot answers a crawler must recognise and give up on, never solve.

- 瑞数 (Ruishu / River Security): status 412 (or 200 on some front ends) with a near-empty page whose
  ``<meta>`` and ``<script>`` carry ``r='m'`` and whose inline script sets ``$_ts``; a cookie named like
  ``FSSBBIl1UgzbN7NO`` is set;
- 加速乐 (Jiasule / Knownsec): status 521, a ``__jsluid_h`` cookie and a script computing ``__jsl_clearance``;
- a plain 403, and a soft 404: status 200 whose page says 页面不存在.

The bytes are deterministic (derived from the path) so runs compare equal.
"""

from __future__ import annotations

import hashlib

from pipelines.demo.server import Request, Response
from pipelines.demo.site import Column, RobotsPolicy, Site, esc


def _token(path: str, n: int) -> str:
    digest = b""
    counter = 0
    while len(digest) < n:
        digest += hashlib.sha256(f"{path}/{counter}".encode()).digest()
        counter += 1
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_."
    return "".join(alphabet[b % len(alphabet)] for b in digest[:n])


def ruishu_page(path: str, status: int = 412) -> Response:
    meta_id, content, cd = _token(path + "m", 22), _token(path + "c", 300), _token(path + "d", 800)
    body = ('<!DOCTYPE html>\n<html><head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n'
            f"<meta id=\"{meta_id}\" content=\"{content}\" r='m'>\n"
            "<script type=\"text/javascript\" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=52618;"
            f"$_ts.cd=\"{cd}\";</script>\n"
            f"<script type=\"text/javascript\" charset=\"utf-8\" src=\"/{_token(path + 's', 12)}/"
            f"{_token(path + 'f', 12)}.b4c45da.js\" r='m'></script>\n"
            "</head><body></body></html>")
    cookie = f"FSSBBIl1UgzbN7NO={_token(path + 'k', 60)}; Path=/; expires=Mon, 01 Jan 2035 00:00:00 GMT; HttpOnly"
    return Response(status, body.encode(), content_type="text/html", headers=[("Set-Cookie", cookie)])


def jsluid_page(path: str) -> Response:
    uid = hashlib.md5(path.encode()).hexdigest()
    parts = "+".join(f"('{c}')" for c in "__jsl_clearance_s=")
    script = (f"<script>document.cookie={parts}+(-~[]+'{_token(path, 24)}')+';Expires=Mon, 01 Jan 2035 "
              "00:00:00 GMT;Path=/;';location.href=location.pathname+location.search</script>")
    return Response(521, script.encode(), content_type="text/html",
                    headers=[("Set-Cookie", f"__jsluid_h={uid}; max-age=31536000; path=/; HttpOnly")])


def forbidden_page(server: str = "nginx") -> Response:
    body = (f"<html>\r\n<head><title>403 Forbidden</title></head>\r\n<body>\r\n<center><h1>403 Forbidden</h1>"
            f"</center>\r\n<hr><center>{esc(server)}</center>\r\n</body>\r\n</html>\r\n")
    return Response(403, body.encode(), content_type="text/html")


def soft_404_page() -> Response:
    body = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>页面不存在</title></head>\n<body>\n'
            '<div class="error"><h2>抱歉，您访问的页面不存在或已被删除！</h2>\n'
            '<p><a href="/">返回首页</a></p></div>\n</body></html>\n')
    return Response(200, body.encode(), content_type="text/html; charset=utf-8")


BLOCKS = {
    "challenge_412": lambda path: ruishu_page(path, 412),
    "challenge_200": lambda path: ruishu_page(path, 200),
    "jsluid_521": jsluid_page,
    "forbidden_403": lambda path: forbidden_page(),
}


class BlockedSite(Site):
    """A host behind a WAF: robots.txt passes, every other path answers the same block."""

    def __init__(self, name: str, column: Column, *, block: str, column_path: str) -> None:
        self.block = block
        super().__init__(name, [column], RobotsPolicy("User-agent: *\nDisallow: /admin/\n"))
        column.url_path = column_path

    def assign_paths(self) -> None:
        """A blocked column shows no entries."""

    def build(self, table: dict[str, Response], base_url: str) -> None:
        """Nothing is reachable."""

    def dynamic(self, request: Request) -> Response | None:
        return BLOCKS[self.block](request.path)
