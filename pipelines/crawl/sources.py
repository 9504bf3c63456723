"""The sources registry: which portal columns to crawl, read from ``sources/*.toml``.

One TOML file per province or group, each with ``[[source]]`` tables. A source names its column URL(s)
and, when known, the region and agency the column belongs to (hints passed on to the warehouse), an
optional dialect (``trs`` | ``hanweb`` | ``gkmlpt`` | ``generic``; detected from the page when absent)
and politeness overrides. Unknown keys are errors, so a typo never silently changes a crawl.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

#: ``sources/`` at the repository root.
SOURCES_DIR = Path(__file__).resolve().parents[2] / "sources"

DIALECTS = ("trs", "hanweb", "gkmlpt", "generic")

_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


class SourceError(ValueError):
    """A registry file that cannot be used as written (the message names the file and the source)."""


@dataclass(frozen=True)
class Politeness:
    """How hard one source may press on a host. Defaults are the polite ones for real portals."""

    min_delay: float = 1.0  # seconds between two requests to one host (start to start and end to start)
    concurrency: int = 1  # requests in flight per host
    time_budget: float = 600.0  # seconds for one source's crawl
    allowed_domains: tuple[str, ...] = ()  # extra domains links may lead to
    timeout: float = 30.0  # per request
    max_attempts: int = 4  # per URL, on timeouts, resets, 5xx, 429
    backoff_base: float = 1.0  # first retry delay; doubles each attempt, plus jitter
    max_retry_after: float = 120.0  # a longer Retry-After gives up instead of waiting
    max_bytes: int = 50 * 1024 * 1024
    max_redirects: int = 5
    max_list_pages: int = 500  # list pages per column URL
    revisit_after: float = 86400.0  # re-fetch a body without ETag/Last-Modified only after this long

    def merged(self, overrides: Mapping[str, Any] | None) -> Politeness:
        """A copy with ``overrides`` applied (``None`` values ignored); unknown keys raise ``SourceError``."""
        if not overrides:
            return self
        known = {f.name for f in fields(self)}
        unknown = sorted(set(overrides) - known)
        if unknown:
            raise SourceError(f"unknown politeness setting(s): {', '.join(unknown)}")
        values = {k: v for k, v in overrides.items() if v is not None}
        if "allowed_domains" in values:
            values["allowed_domains"] = tuple(str(d).lower().lstrip(".") for d in values["allowed_domains"])
        for name in ("min_delay", "time_budget", "timeout", "backoff_base", "max_retry_after", "revisit_after"):
            if name in values:
                values[name] = float(values[name])
        for name in ("concurrency", "max_attempts", "max_bytes", "max_redirects", "max_list_pages"):
            if name in values:
                values[name] = int(values[name])
        return replace(self, **values)


@dataclass(frozen=True)
class Source:
    """One crawlable column (or a few columns of one body)."""

    id: str
    urls: tuple[str, ...]
    name: str = ""
    region: str | None = None
    agency: str | None = None
    dialect: str | None = None
    dialect_params: Mapping[str, Any] = field(default_factory=dict)
    politeness: Politeness = field(default_factory=Politeness)
    origin: str = ""  # the file (or "<text>") it was read from

    @property
    def hosts(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(urlsplit(u).netloc.lower() for u in self.urls))


_SOURCE_KEYS = {"id", "name", "urls", "url", "region", "agency", "dialect", "dialect_params", "politeness"}


def source_for_url(url: str, *, politeness: Politeness | None = None, dialect: str | None = None) -> Source:
    """A configuration-free source for ``zfxxgk crawl --start-url URL``: id derived from the URL."""
    _check_url(url, "--start-url")
    host = re.sub(r"[^a-z0-9]+", "-", urlsplit(url).netloc.lower()).strip("-")
    digest = hashlib.sha256(url.encode()).hexdigest()[:8]
    return Source(
        id=f"url-{host}-{digest}",
        urls=(url,),
        name=url,
        dialect=dialect,
        politeness=politeness or Politeness(),
        origin="--start-url",
    )


def load_sources(paths_or_text: str | Path | Iterable[str | Path] | None = None) -> list[Source]:
    """Read the registry.

    ``None`` reads every ``sources/*.toml``; a path reads that file (or every ``*.toml`` in that
    folder); a string holding TOML (it contains ``[[source]]``) is parsed as is, which is how the demo
    portal hands over its filled-in registry. Template sources whose URLs still hold ``{placeholders}``
    are skipped when read from a folder, and are errors when named explicitly.
    """
    if paths_or_text is None:
        return _load_many([SOURCES_DIR], explicit=False)
    if isinstance(paths_or_text, str) and "[[source]]" in paths_or_text:
        return _check_unique(_parse(paths_or_text, "<text>", skip_templates=False))
    if isinstance(paths_or_text, (str, Path)):
        return _load_many([paths_or_text], explicit=True)
    return _load_many(list(paths_or_text), explicit=True)


def _load_many(items: list[str | Path], *, explicit: bool) -> list[Source]:
    sources: list[Source] = []
    for item in items:
        if isinstance(item, str) and "[[source]]" in item:
            sources.extend(_parse(item, "<text>", skip_templates=False))
            continue
        path = Path(item)
        if path.is_dir():
            for file in sorted(path.glob("*.toml")):
                sources.extend(_parse(file.read_text(encoding="utf-8"), str(file), skip_templates=True))
        elif path.is_file():
            sources.extend(_parse(path.read_text(encoding="utf-8"), str(path), skip_templates=not explicit))
        else:
            raise SourceError(f"sources file not found: {path}")
    return _check_unique(sources)


def _check_unique(sources: list[Source]) -> list[Source]:
    seen: dict[str, str] = {}
    for source in sources:
        if source.id in seen:
            raise SourceError(f"duplicate source id {source.id!r} in {source.origin} (first in {seen[source.id]})")
        seen[source.id] = source.origin
    return sources


def _parse(text: str, origin: str, *, skip_templates: bool) -> list[Source]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{origin}: not valid TOML: {exc}") from exc
    tables = data.get("source", [])
    if not isinstance(tables, list):
        raise SourceError(f"{origin}: [[source]] must be an array of tables")
    out = []
    for index, table in enumerate(tables):
        where = f"{origin}: source #{index + 1}"
        unknown = sorted(set(table) - _SOURCE_KEYS)
        if unknown:
            raise SourceError(f"{where}: unknown key(s): {', '.join(unknown)}")
        source_id = str(table.get("id") or "").strip()
        if not source_id:
            raise SourceError(f"{where}: missing id")
        where = f"{origin}: source {source_id!r}"
        urls = table.get("urls", table.get("url", []))
        urls = [urls] if isinstance(urls, str) else list(urls)
        if not urls:
            raise SourceError(f"{where}: no urls")
        if any(_PLACEHOLDER.search(u) for u in urls):
            if skip_templates:
                continue
            raise SourceError(f"{where}: url still holds a {{placeholder}}: {urls}")
        for url in urls:
            _check_url(url, where)
        dialect = table.get("dialect") or None
        if dialect is not None and dialect not in DIALECTS:
            raise SourceError(f"{where}: dialect {dialect!r} is not one of {', '.join(DIALECTS)}")
        try:
            politeness = Politeness().merged(table.get("politeness"))
        except SourceError as exc:
            raise SourceError(f"{where}: {exc}") from None
        out.append(
            Source(
                id=source_id,
                urls=tuple(urls),
                name=str(table.get("name", "")),
                region=_opt_str(table.get("region")),
                agency=_opt_str(table.get("agency")),
                dialect=dialect,
                dialect_params=dict(table.get("dialect_params") or {}),
                politeness=politeness,
                origin=origin,
            )
        )
    return out


def _opt_str(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)


def _check_url(url: str, where: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(f"{where}: not an http(s) URL: {url!r}")
