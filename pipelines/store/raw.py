"""The content-addressed raw store: every document body kept once, under its sha256.

Both ``zfxxgk ingest`` (local files) and the crawler write here, and ``zfxxgk build`` reads from here.
Writes are atomic (temp file in the same folder, fsync, rename), so a process killed mid-write never
leaves a partial file under a final name: a body is either fully stored or absent.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class RawStore:
    """``DIR/raw/ab/<sha256>``: one file per distinct body."""

    def __init__(self, data_dir: str | os.PathLike[str]) -> None:
        self.root = Path(data_dir) / "raw"

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).is_file()

    def put(self, data: bytes) -> str:
        """Store ``data`` (a no-op when already stored) and return its sha256."""
        digest = sha256_hex(data)
        target = self.path_for(digest)
        if target.is_file():
            return digest
        self._write_atomically(target, [data])
        return digest

    def put_stream(self, chunks: Iterable[bytes]) -> tuple[str, int]:
        """Store a body arriving in chunks (a download) without holding it in memory.

        Returns (sha256, size). The temp file is removed if the stream raises, so an interrupted
        download leaves nothing behind.
        """
        self.root.mkdir(parents=True, exist_ok=True)
        hasher = hashlib.sha256()
        size = 0
        fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=self.root)
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    hasher.update(chunk)
                    size += len(chunk)
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            digest = hasher.hexdigest()
            target = self.path_for(digest)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.is_file():
                os.unlink(tmp_name)
            else:
                os.replace(tmp_name, target)
            return digest, size
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def __iter__(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if sub.is_dir() and len(sub.name) == 2:
                for item in sorted(sub.iterdir()):
                    if not item.name.startswith("."):
                        yield item.name

    def _write_atomically(self, target: Path, chunks: Iterable[bytes]) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".part-", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                for chunk in chunks:
                    handle.write(chunk)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp_name, target)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise
