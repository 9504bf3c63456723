"""The three real OCR'd reports in ../shared/real parse to the expectations written by reading them by hand.

Their tables are scrambled (headers lost, labels printed apart from their numbers, rows split): these test
the order-preserving row alignment rather than any one layout.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.parse import parse_path
from tests.conftest import SHARED
from tests.expectations import cell_mismatches

EXPECTED = sorted((Path(__file__).parent / "expected_real").glob("*.json"))


@pytest.mark.parametrize("expected_file", EXPECTED, ids=[path.stem for path in EXPECTED])
def test_real_report(expected_file):
    document = SHARED / "real" / f"{expected_file.stem}.md"
    if not document.is_file():
        pytest.skip(f"{document} not available")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    report = parse_path(document)
    assert cell_mismatches(expected, report.to_json()) == []
    assert report.failed_checks == []


def test_every_real_report_has_an_expectation(shared_dir):
    for document in sorted((shared_dir / "real").glob("*.md")):
        if document.name != "README.md":
            assert (Path(__file__).parent / "expected_real" / f"{document.stem}.json").is_file(), document.name
