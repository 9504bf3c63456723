"""Each seed report parses exactly to its expected file (read from ../shared at test time)."""

from __future__ import annotations

import json

import pytest

from pipelines.parse import parse_path
from tests.conftest import SHARED
from tests.expectations import cell_mismatches

SEEDS = sorted((SHARED / "seeds").glob("*.txt")) if (SHARED / "seeds").is_dir() else []


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.name for seed in SEEDS])
def test_seed_parses_to_expected(seed):
    expected = json.loads((seed.parent / "expected" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    got = parse_path(seed).to_json()
    assert cell_mismatches(expected, got) == []


def test_every_seed_has_an_expectation(shared_dir):
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    assert len(seeds) == 5
    for seed in seeds:
        assert (seed.parent / "expected" / f"{seed.stem}.json").is_file(), f"{seed.name} has no expected parse"


def test_seed_checks_pass_or_are_not_checkable():
    for seed in SEEDS:
        report = parse_path(seed)
        assert report.failed_checks == [], seed.name
        assert report.checks, seed.name


def test_truncated_seed_reports_what_is_missing():
    seed = next(s for s in SEEDS if s.name.startswith("004_"))
    report = parse_path(seed)
    assert any("section 四" in warning for warning in report.warnings)
    not_checkable = [check for check in report.checks if check.ok is None]
    assert any(check.rule == "apply balance, column total" for check in not_checkable)
    assert report.cells["apply.total.total"] is None


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.name for seed in SEEDS])
def test_seed_pasted_into_an_html_pre_block_parses_the_same(seed):
    """Portals sometimes publish the extracted text as-is inside <pre>: the text layouts still apply."""
    import html

    from pipelines.parse import parse_document

    expected = json.loads((seed.parent / "expected" / f"{seed.stem}.json").read_text(encoding="utf-8"))
    page = (
        "<html><head><meta charset='utf-8'><title>年报</title></head><body><div class='nav'><a href='/'>首页</a></div>"
        f"<div id='zoom'><pre>{html.escape(seed.read_text(encoding='utf-8'))}</pre></div></body></html>"
    )
    got = parse_document(page.encode("utf-8"), source=f"{seed.stem}.html").to_json()
    assert cell_mismatches(expected, got) == []
