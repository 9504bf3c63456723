"""Every layout fixture parses to its expected cells: ``tests/fixtures/layouts/<name>.<ext>`` + ``<name>.json``.

A document without its expected JSON fails (as juriscraper's example files do): a fixture nobody checks
is a fixture that silently rots. A list in the expected file means either value is accepted.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"
NOT_DOCUMENTS = {".json", ".py", ".md", ".pyc"}
DOCUMENTS = sorted(
    path for path in LAYOUTS.iterdir()
    if path.is_file() and path.suffix not in NOT_DOCUMENTS and not path.name.startswith(".")
)


def test_there_is_a_fixture_per_layout() -> None:
    assert len(DOCUMENTS) >= 6, [path.name for path in DOCUMENTS]
    assert {path.suffix for path in DOCUMENTS} >= {".html", ".docx", ".pdf"}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_fixture_has_expected_json(document: Path) -> None:
    expected = document.with_suffix(".json")
    assert expected.is_file(), f"{document.name} has no expected parse {expected.name}: add one"
    assert json.loads(expected.read_text(encoding="utf-8"))["document"] == document.name


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_fixture_parses_to_expected_cells(document: Path) -> None:
    from pipelines.parse import parse_document

    expected_path = document.with_suffix(".json")
    if not expected_path.is_file():
        pytest.fail(f"{document.name} has no expected parse {expected_path.name}")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    got = parse_document(document.read_bytes(), source=document.name).to_json()

    assert got["format"] == expected["format"]
    assert got["year"] == expected["year"]
    assert expected["agency_contains"] in (got["agency"] or ""), got["agency"]
    if expected.get("region"):
        assert got["region"] == expected["region"]
    wrong = {
        code: (got["cells"].get(code, "missing"), want)
        for code, want in expected["cells"].items()
        if not _matches(got["cells"].get(code, "missing"), want)
    }
    assert not wrong, f"{len(wrong)} cells differ (got, expected): {wrong}"
    assert set(got["cells"]) == set(expected["cells"])


def _matches(value: Any, expected: Any) -> bool:
    if isinstance(expected, list):
        return any(_matches(value, option) for option in expected)
    if expected is None or value is None:
        return value is None and expected is None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return abs(float(value) - float(expected)) < 1e-9


#: Fixtures whose cells are whole text nodes: their page text, one node a line, keeps every number whole (a
#: Word export splits a number's digits over runs, which such text prints on lines of their own).
_WHOLE_CELLS = {"cms_nested_layout.html", "format_2019.html", "sparse_2019.html", "split_apply_table.html"}


@pytest.mark.parametrize("document", [path for path in DOCUMENTS if path.suffix == ".html"], ids=lambda path: path.name)
def test_fixture_page_text_one_node_a_line_parses_to_expected_cells(document: Path) -> None:
    """The page's text as a scraper takes it (BeautifulSoup's ``get_text("\\n")``): a cell a line, a blank
    cell a line of no-break spaces. Read whole where cells are whole text nodes; never a number invented."""
    from bs4 import BeautifulSoup

    from pipelines.extract.decode import decode_bytes
    from pipelines.parse import parse_document

    markup, _ = decode_bytes(document.read_bytes())
    text = BeautifulSoup(markup, "html.parser").get_text("\n")
    got = parse_document(text.encode("utf-8"), source=f"{document.stem}.txt").to_json()
    expected = json.loads(document.with_suffix(".json").read_text(encoding="utf-8"))
    invented = {code: (got["cells"].get(code), want) for code, want in expected["cells"].items()
                if got["cells"].get(code) is not None and not _matches(got["cells"].get(code), want)}
    assert not invented
    if document.name in _WHOLE_CELLS:
        lost = [code for code, want in expected["cells"].items() if not _matches(got["cells"].get(code), want)]
        assert not lost, f"{len(lost)} cells not read: {lost[:5]}"


#: Fixtures whose only tables are the report's (the CMS page lays itself out in tables around the article).
_REPORT_TABLES_ONLY = {"format_2019.html", "sparse_2019.html", "split_apply_table.html"}


@pytest.mark.parametrize("document", sorted(path for path in DOCUMENTS if path.name in _REPORT_TABLES_ONLY),
                         ids=lambda path: path.name)
def test_fixture_with_its_tables_flattened_a_paragraph_per_cell_parses_to_expected_cells(document: Path) -> None:
    """The page as a CMS editor's paste leaves it: each table a run of ``<p>``, one per cell, a blank cell
    ``<p>&nbsp;</p>``. The text layouts read it, the blank cells in their places."""
    from bs4 import BeautifulSoup

    from pipelines.extract.decode import decode_bytes
    from pipelines.parse import parse_document

    markup, _ = decode_bytes(document.read_bytes())
    soup = BeautifulSoup(markup, "html.parser")
    for table in soup.find_all("table"):
        cells = [cell.get_text("", strip=True).replace("\xa0", "") for cell in table.find_all(["td", "th"])]
        paragraphs = BeautifulSoup("".join(f"<p>{text or '&nbsp;'}</p>" for text in cells), "html.parser")
        table.replace_with(paragraphs)
    got = parse_document(str(soup).encode("utf-8"), source=document.name).to_json()
    expected = json.loads(document.with_suffix(".json").read_text(encoding="utf-8"))
    wrong = {code: (got["cells"].get(code), want) for code, want in expected["cells"].items()
             if not _matches(got["cells"].get(code), want)}
    assert not wrong, f"{len(wrong)} cells differ (got, expected): {list(wrong.items())[:5]}"
