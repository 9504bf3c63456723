"""The crawl log: one JSON line per fetch outcome, append-only, in ``DIR/crawl_log/*.jsonl``.

It is the crawler's only memory. ``zfxxgk build`` reads documents from it (entries with a sha256,
``kind`` report or attachment and classification ``ok``), and the next crawl derives its conditional-GET
state (last ETag, Last-Modified and sha256 per URL) from it. A line is written only after its body is
safely in the raw store, and each line is flushed as written, so a crawl killed at any moment leaves at
most a torn last line, which the reader ignores.

Fields of every line:

- ``url``, ``final_url``, ``redirect_chain`` (URLs that answered with a redirect, in order), ``method``
- ``status`` (int or null), ``classification`` (one of ``CLASSIFICATIONS``), ``error`` (str or null)
- ``fetched_at`` (ISO 8601 UTC), ``attempts``
- ``sha256`` (null unless a body was stored), ``content_type``, ``bytes``, ``etag``, ``last_modified``
- ``kind`` (``list`` | ``report`` | ``attachment`` | ``robots``), ``report_url`` (the report page a body
  belongs to: itself for report pages, the linking page for attachments), ``referrer``, ``link_title``
- ``source``, ``region``, ``agency`` (the source's hints), ``run_id``
"""

from __future__ import annotations

import json
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CLASSIFICATIONS = (
    "ok",
    "not_modified",
    "blocked:challenge",
    "blocked:forbidden",
    "throttled",
    "gone",
    "disallowed",
    "too_large",
    "error",
    "skipped:offsite",
)
KINDS = ("list", "report", "attachment", "robots")
FIELDS = (
    "url",
    "final_url",
    "redirect_chain",
    "method",
    "status",
    "classification",
    "error",
    "fetched_at",
    "attempts",
    "sha256",
    "content_type",
    "bytes",
    "etag",
    "last_modified",
    "kind",
    "report_url",
    "referrer",
    "link_title",
    "source",
    "region",
    "agency",
    "run_id",
)


def log_dir(data_dir: str | os.PathLike[str]) -> Path:
    return Path(data_dir) / "crawl_log"


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + os.urandom(3).hex()


class CrawlLogWriter:
    """Appends entries for one source and run to ``crawl_log/<run stamp>-<source>.jsonl``."""

    def __init__(self, data_dir: str | os.PathLike[str], source_id: str, run_id: str) -> None:
        safe = re.sub(r"[^A-Za-z0-9._-]+", "_", source_id)[:120]
        self.path = log_dir(data_dir) / f"{run_id}-{safe}.jsonl"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed in close()

    def write(self, entry: dict[str, Any]) -> None:
        missing = [name for name in FIELDS if name not in entry]
        if missing:
            raise ValueError(f"crawl log entry lacks {missing}")
        if entry["classification"] not in CLASSIFICATIONS or entry["kind"] not in KINDS:
            raise ValueError(f"bad classification/kind: {entry['classification']!r}/{entry['kind']!r}")
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            self._handle.write(line)
            self._handle.flush()

    def close(self) -> None:
        with self._lock:
            self._handle.close()


def read_crawl_log(data_dir: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every entry of every crawl log under ``data_dir``, oldest file first, in written order.

    Lines that do not parse (a torn last line from a killed crawl) are skipped.
    """
    entries: list[dict[str, Any]] = []
    folder = log_dir(data_dir)
    if not folder.is_dir():
        return entries
    for path in sorted(folder.glob("*.jsonl")):
        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                if not line.endswith("\n"):
                    break  # torn: the writer was killed mid-line
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(entry, dict):
                    entries.append(entry)
    entries.sort(key=lambda e: str(e.get("fetched_at") or ""))  # stable: keeps file order on ties
    return entries


@dataclass
class UrlState:
    """What the log says about one URL: enough for a conditional GET and for gone-detection."""

    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    fetched_at: str | None = None  # when the body was last confirmed (ok or 304)
    classification: str | None = None  # of the latest outcome
    kind: str | None = None
    source: str | None = None


def url_states(entries: list[dict[str, Any]]) -> dict[str, UrlState]:
    """Latest state per URL (both the requested and the final URL), from entries in time order."""
    states: dict[str, UrlState] = {}
    for entry in entries:
        if entry.get("method", "GET") != "GET":
            continue
        cls = entry.get("classification")
        keys = dict.fromkeys(u for u in (entry.get("url"), entry.get("final_url")) if u)
        for key in keys:
            state = states.setdefault(key, UrlState())
            state.classification = cls
            state.kind = entry.get("kind") or state.kind
            state.source = entry.get("source") or state.source
            if cls == "ok" and entry.get("sha256"):
                state.sha256 = entry["sha256"]
                state.etag = entry.get("etag")
                state.last_modified = entry.get("last_modified")
                state.content_type = entry.get("content_type")
                state.fetched_at = entry.get("fetched_at")
            elif cls == "not_modified":
                state.etag = entry.get("etag") or state.etag
                state.last_modified = entry.get("last_modified") or state.last_modified
                state.fetched_at = entry.get("fetched_at")
    return states


def known_reports(entries: list[dict[str, Any]], source_id: str) -> list[str]:
    """Report URLs this source found before and whose latest outcome is not ``gone``."""
    latest: dict[str, str] = {}
    for entry in entries:
        if entry.get("source") == source_id and entry.get("kind") == "report" and entry.get("url"):
            cls = entry.get("classification")
            if cls in ("ok", "not_modified", "gone"):
                latest[entry["url"]] = cls
    return [url for url, cls in latest.items() if cls != "gone"]
