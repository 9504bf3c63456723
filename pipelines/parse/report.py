"""What parsing one document yields: the contract's JSON object, as a dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

REGION_KEYS = ("province", "city", "county", "township", "code")


@dataclass
class Check:
    """One accounting identity: ``ok`` is None when an input is null, so it cannot be checked."""

    rule: str
    ok: bool | None
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "ok": self.ok, "detail": self.detail}


@dataclass
class ParsedReport:
    agency: str | None
    year: int | None
    format: str  # "2021" | "2019" | "unknown"
    cells: dict[str, float | int | None]
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    region: dict[str, str | None] = field(default_factory=lambda: dict.fromkeys(REGION_KEYS))
    source: str = ""
    media_type: str = ""
    title: str | None = None
    published_on: date | None = None  # the date the document was issued (发布日期, or the signature's date)
    revision_mark: bool = False  # the title says it corrects or revises an earlier publication

    @property
    def publication_year(self) -> int | None:
        return self.published_on.year if self.published_on else None

    @property
    def failed_checks(self) -> list[Check]:
        return [check for check in self.checks if check.ok is False]

    def to_json(self) -> dict[str, Any]:
        """The object ``zfxxgk parse FILE --json`` prints (shared/contract/README.md)."""
        return {
            "agency": self.agency,
            "year": self.year,
            "format": self.format,
            "region": {key: self.region.get(key) for key in REGION_KEYS},
            "cells": self.cells,
            "checks": [check.to_json() for check in self.checks],
            "warnings": self.warnings,
        }
