"""``zfxxgk ingest``: local documents into the content-addressed raw store, one log line per new sighting.

The log ``DIR/ingest_log.jsonl`` is the warehouse's record of where a body came from (the crawler keeps its
own, ``DIR/crawl_log/*.jsonl``). A line is written only for a (sha256, path, hints) not logged before, so
ingesting the same file twice adds nothing; the same file with a new ``--region``/``--agency`` adds a line
whose hints then apply (the latest hint wins, and the document is parsed again with it); a file whose
content changed is a new version of the same origin (a later ``ingested_at``: a corrected re-publication). All files of one call share one
``batch`` and one ``ingested_at``: they are one revision, so an HTML report and its PDF ingested together
compete on completeness, not on which was read first.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipelines.store.raw import RawStore, sha256_hex
from pipelines.warehouse import divisions

INGEST_LOG = "ingest_log.jsonl"


class IngestError(ValueError):
    """A problem with what the user asked to ingest (missing path, unknown region): nothing was stored."""


@dataclass
class IngestResult:
    files: int = 0  # files read
    new_documents: int = 0  # bodies not in the raw store before
    new_lines: int = 0  # sightings added to the log
    unchanged: int = 0  # (sha256, path, hints) already logged
    entries: list[dict[str, Any]] = field(default_factory=list)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Every complete JSON line of ``path`` (a torn or garbled line, as a crash leaves, is skipped)."""
    if not path.is_file():
        return []
    rows = []
    with path.open("rb") as handle:
        for raw in handle:
            try:
                row = json.loads(raw)
            except ValueError:
                continue
            if isinstance(row, dict):
                rows.append(row)
    return rows


def sniff_media_type(data: bytes) -> str | None:
    """The media type where the first bytes say it for sure; None otherwise (the parser decides later)."""
    head = data[:1024]
    if head.startswith(b"%PDF"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in data[:65536]:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/msword"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "text/html"
    return None


def _walk(paths: Sequence[str | os.PathLike[str]]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for item in sorted(path.rglob("*")):
                rel = item.relative_to(path)
                if item.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield item
        else:
            yield path


def _append_lines(log: Path, lines: Iterable[dict[str, Any]]) -> None:
    """Append whole lines under an exclusive lock, then fsync: concurrent ingests never interleave."""
    log.parent.mkdir(parents=True, exist_ok=True)
    payload = b"".join(
        json.dumps(line, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n" for line in lines
    )
    if not payload:
        return
    with log.open("ab") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ingest_paths(
    paths: Sequence[str | os.PathLike[str]],
    data_dir: str | os.PathLike[str],
    *,
    region: str | None = None,
    agency: str | None = None,
    now: datetime | None = None,
) -> IngestResult:
    """Store files (and every file below folders) in ``DIR/raw`` and log each new (sha256, path).

    ``region`` (a division name or code) must name one division: it is the hint the parser and the
    region resolver get for these documents, so an ambiguous one is refused rather than guessed.
    """
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise IngestError(f"no such file or folder: {', '.join(missing)}")
    region_code = None
    if region:
        match = divisions.lookup_region(region)
        if match.status not in ("resolved", "central") or not match.code:
            detail = f" (candidates: {', '.join(match.candidates[:10])})" if match.candidates else ""
            raise IngestError(f"--region {region!r} does not name one division: {match.reason or match.status}{detail}")
        region_code = match.code
    data_dir = Path(data_dir)
    store = RawStore(data_dir)
    log = data_dir / INGEST_LOG
    seen = {(row.get("sha256"), row.get("path"), row.get("region_code"), row.get("agency")) for row in read_jsonl(log)}
    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    ingested_at = stamp.isoformat(timespec="microseconds").replace("+00:00", "Z")
    batch = f"ingest-{stamp.strftime('%Y%m%dT%H%M%S%fZ')}-{os.getpid()}"
    result = IngestResult()
    new_lines = []
    for path in _walk(paths):
        data = path.read_bytes()
        result.files += 1
        digest = sha256_hex(data)
        origin = str(path.resolve())
        if not store.has(digest):
            store.put(data)
            result.new_documents += 1
        key = (digest, origin, region_code, agency)
        if key in seen:
            result.unchanged += 1
            continue
        seen.add(key)
        line = {
            "path": origin, "sha256": digest, "bytes": len(data), "media_type": sniff_media_type(data),
            "ingested_at": ingested_at, "batch": batch, "region": region, "region_code": region_code,
            "agency": agency,
        }
        new_lines.append(line)
    _append_lines(log, new_lines)
    result.new_lines = len(new_lines)
    result.entries = new_lines
    return result
