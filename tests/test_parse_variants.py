"""The seeds and the real reports, varied the ways real documents vary, still parse to their expectations.

The contract names some variations (full-width or half-width brackets and digits, extra spaces, line breaks
inside a label, 规范性文件 for 行政规范性文件, numbers with 件 after them); the way portals and tools turn
pages into text adds others (zero-width spaces, double spacing, ideographic spaces, CR line ends, legacy
encodings, markdown tables without outer pipes, full-width pipes, a title broken over two lines, the
report's name and page numbers printed again on every page). Each variant, and a few combinations as one
conversion produces them, is applied to the whole text of every document that has an expectation; the parse
must still match it exactly.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipelines.parse import parse_document
from tests.conftest import SHARED
from tests.expectations import cell_mismatches

HERE = Path(__file__).parent


def _documents() -> list[tuple[Path, Path]]:
    """(document, its expected parse) for the seeds and the real reports."""
    pairs = [(path, path.parent / "expected" / f"{path.stem}.json") for path in sorted((SHARED / "seeds").glob("*.txt"))]
    pairs += [(SHARED / "real" / f"{path.stem}.md", path) for path in sorted((HERE / "expected_real").glob("*.json"))]
    return [(document, expected) for document, expected in pairs if document.is_file()]


def _contract_labels() -> list[str]:
    """The contract's row and column labels of four characters or more, longest first."""
    labels: set[str] = set()
    path = SHARED / "contract" / "cells.csv"
    if path.is_file():
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                labels.update(label for label in (row["row_label"], row["column_label"]) if len(label) >= 4)
    return sorted(labels, key=len, reverse=True)


LABELS = _contract_labels()
#: A number standing alone as a cell: at a line start or after a separator, before one or a line end.
_CELL_NUMBER = re.compile(r"(?:(?<=^)|(?<=[|\t ]))([0-9]+)(?=$|[|\t ])", re.M)


def _in_cells(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to every number that stands alone as a cell, but years (19xx, 20xx)."""
    def replace(match: re.Match[str]) -> str:
        number = match.group(1)
        return number if len(number) == 4 and number.startswith(("19", "20")) else change(number)

    return _CELL_NUMBER.sub(replace, text)


def _outside_pipe_rows(text: str, change: Callable[[str], str]) -> str:
    """``change`` applied to every line that is not a markdown pipe row (a cell there cannot hold a newline)."""
    return "\n".join(line if line.lstrip().startswith("|") else change(line) for line in text.split("\n"))


def _each_label(change: Callable[[str], str]) -> Callable[[str], str]:
    def apply(line: str) -> str:
        for label in LABELS:
            if label in line:
                line = line.replace(label, change(label))
        return line

    return apply


def _without_outer_pipes(text: str) -> str:
    """Every markdown table written without its outer pipes (valid GFM), but a table with an empty last cell
    in some row: without the outer pipe that cell would be lost, not varied."""
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line.lstrip().startswith("|"):
            block.append(line)
            continue
        if block and not any(re.search(r"\|\s*\|\s*$", row) for row in block):
            block = [row.strip()[1:-1].strip() for row in block]
        out.extend(block)
        block = []
        out.append(line)
    return "\n".join(out[:-1])


def _running_headers(text: str) -> str:
    """The report's name and a page number printed every 37 lines, as PDF-to-text conversion leaves them."""
    lines = text.split("\n")
    title = next((line for line in lines[:12] if "年度报告" in line and len(line) < 60), "政府信息公开工作年度报告")
    out: list[str] = []
    for number, line in enumerate(lines):
        if number and number % 37 == 0:
            out += [title.strip(" #"), f"第 {number // 37} 页"]
        out.append(line)
    return "\n".join(out)


VARIANTS: dict[str, Callable[[str], str]] = {
    "full-width digits": lambda text: text.translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "half-width brackets": lambda text: text.replace("（", "(").replace("）", ")"),
    "full-width brackets": lambda text: text.replace("(", "（").replace(")", "）"),
    "件 after the counts": lambda text: _in_cells(text, lambda number: f"{number}件"),
    "thousands separators": lambda text: _in_cells(text, lambda number: f"{int(number):,}"),
    "decimal counts": lambda text: _in_cells(text, lambda number: f"{number}.0"),
    "spaces inside labels": lambda text: _each_label(" ".join)(text),
    "line breaks inside labels": lambda text: _outside_pipe_rows(
        text, _each_label(lambda label: label if len(label) < 8 else f"{label[:len(label) // 2]}\n{label[len(label) // 2:]}")),
    "规范性文件 for 行政规范性文件": lambda text: text.replace("行政规范性文件", "规范性文件"),
    "zero-width spaces": lambda text: text.replace("公开", "公\u200b开").replace("情况", "情\ufeff况"),
    "no-break spaces": lambda text: text.replace(" ", "\u00a0"),
    "ideographic spaces": lambda text: text.replace(" ", "\u3000"),
    "ideographic indents": lambda text: "\n".join(
        f"\u3000\u3000{line}" if line.strip() and not line.lstrip().startswith(("|", "#")) and "\t" not in line
        else line for line in text.split("\n")),
    "trailing spaces": lambda text: text.replace("\n", "  \n"),
    "double spacing": lambda text: text.replace("\n", "\n\n"),
    "tabs as four spaces": lambda text: text.replace("\t", "    "),
    # a copy or CMS that collapses whitespace: cells one space apart, ordinal labels (2. …) opening their line
    "tabs as one space": lambda text: "\n".join(line.replace("\t", " ").strip() for line in text.split("\n")),
    # text taken from a PDF without its layout: every run of spaces and tabs one space
    "columns one space apart": lambda text: "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")),
    "CRLF line ends": lambda text: text.replace("\n", "\r\n"),
    "CR line ends": lambda text: text.replace("\n", "\r"),
    "markdown without outer pipes": _without_outer_pipes,
    "full-width pipes": lambda text: text.replace("|", "｜"),
    "万元 after the fee amounts": lambda text: re.sub(r"(行政事业性收费[^\n]*?)(\d+(?:\.\d+)?)", r"\1\2万元", text),
    "running headers and page numbers": _running_headers,
    "agency under the title": lambda text: re.sub(
        r"^(\s*#?\s*)(\S+?)\s*(20\d\d\s*年\s*政府信息公开工作年度报告)", r"\1\3\n（\2）", text, count=1, flags=re.M),
    "short section headings": lambda text: re.sub(
        r"[一二三四五六七][、.．]\s*主动公开政府信息情况", "二、主动公开情况",
        re.sub(r"[一二三四五六七][、.．]\s*收到和处理政府信息公开申请情况", "三、依申请公开情况", text)),
    "headings numbered 第X部分": lambda text: re.sub(r"^([一二三四五六七])[、.．]\s*", r"第\1部分 ", text, flags=re.M),
    "year in Chinese numerals": lambda text: re.sub(
        r"(20\d\d)(\s*年度?\s*政府信息公开)",
        lambda match: match.group(1).translate(str.maketrans("0123456789", "〇一二三四五六七八九")) + match.group(2),
        text, count=1),
    "年度 in the title": lambda text: re.sub(r"(20\d\d)\s*年(\s*政府信息公开)", r"\1年度\2", text, count=1),
    "title broken before the year": lambda text: re.sub(r"^(.*?)(20\d\d\s*年)", r"\1\n\2", text, count=1, flags=re.M),
}
#: Several at once, as one conversion produces them (applied left to right).
COMBINATIONS: dict[str, tuple[str, ...]] = {
    "a PDF's text": ("title broken before the year", "running headers and page numbers", "no-break spaces", "CRLF line ends"),
    "a Word page": ("full-width digits", "ideographic indents", "zero-width spaces", "double spacing"),
    "an OCR tool's markdown": ("件 after the counts", "full-width pipes", "markdown without outer pipes", "trailing spaces"),
}
ENCODINGS = ("gb18030", "utf-16", "utf-8-sig")
#: The text published as an HTML page without tables, its lines kept as a CMS keeps them.
HTML_PAGES: dict[str, Callable[[list[str]], str]] = {
    "a <p> per line": lambda lines: "".join(f"<p>{html.escape(line)}</p>" for line in lines),
    "lines split by <br>": lambda lines: "<br>".join(html.escape(line) for line in lines),
    "a <div> per line": lambda lines: "".join(f"<div>{html.escape(line) or '&nbsp;'}</div>" for line in lines),
    "a <p> per line, cells one &nbsp; apart": lambda lines: "".join(
        f"<p>{html.escape(line).replace(chr(9), '&nbsp;')}</p>" for line in lines),
}
DOCUMENTS = _documents()


#: Variants after which a row's blank cells leave no trace. A row printing one number among blanks can then no
#: longer be placed: it may be the row's 总计 (the applicant columns blank, seed 002) or its 自然人 (every other
#: column blank, 总计 too, as Shanghai's 2019 report prints its outcome rows). It is rightly left empty;
#: nothing else may change.
POSITIONS_LOST = {"tabs as four spaces", "tabs as one space", "columns one space apart",
                  "a <p> per line, cells one &nbsp; apart"}


def _lone_numbers_may_be_empty(expected: dict[str, Any]) -> dict[str, Any]:
    """``expected`` where the one printed cell of a row whose other cells are blank may also be empty."""
    rows: defaultdict[str, list[str]] = defaultdict(list)
    for code in expected["cells"]:
        rows[code.rsplit(".", 1)[0]].append(code)
    cells = dict(expected["cells"])

    def printed(want: Any) -> bool:
        return want is not None and not (isinstance(want, list) and None in want)

    for codes in rows.values():
        definite = [code for code in codes if printed(cells[code])]
        if len(codes) > 1 and len(definite) == 1:
            want = cells[definite[0]]
            cells[definite[0]] = [*(want if isinstance(want, list) else [want]), None]
    return {**expected, "cells": cells}


def _assert_parses_as_expected(data: bytes, document: Path, expected_file: Path, *, positions_lost: bool = False) -> None:
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    if positions_lost:
        expected = _lone_numbers_may_be_empty(expected)
    got = parse_document(data, source=document.name).to_json()
    assert cell_mismatches(expected, got) == []


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize(("document", "expected_file"), DOCUMENTS, ids=[doc.stem[:12] for doc, _ in DOCUMENTS])
def test_varied_document_parses_to_its_expectation(variant: str, document: Path, expected_file: Path) -> None:
    varied = VARIANTS[variant](document.read_text(encoding="utf-8"))
    _assert_parses_as_expected(varied.encode("utf-8"), document, expected_file, positions_lost=variant in POSITIONS_LOST)


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_variant_changes_some_document(variant: str) -> None:
    if not DOCUMENTS:
        pytest.skip("no documents with expectations")
    texts = [document.read_text(encoding="utf-8") for document, _ in DOCUMENTS]
    assert any(VARIANTS[variant](text) != text for text in texts)


@pytest.mark.parametrize("combination", COMBINATIONS)
@pytest.mark.parametrize(("document", "expected_file"), DOCUMENTS, ids=[doc.stem[:12] for doc, _ in DOCUMENTS])
def test_document_varied_several_ways_at_once_parses_to_its_expectation(
    combination: str, document: Path, expected_file: Path,
) -> None:
    text = document.read_text(encoding="utf-8")
    for variant in COMBINATIONS[combination]:
        text = VARIANTS[variant](text)
    _assert_parses_as_expected(text.encode("utf-8"), document, expected_file)


@pytest.mark.parametrize("page", HTML_PAGES)
@pytest.mark.parametrize(("document", "expected_file"), DOCUMENTS, ids=[doc.stem[:12] for doc, _ in DOCUMENTS])
def test_document_published_as_html_paragraphs_parses_to_its_expectation(
    page: str, document: Path, expected_file: Path,
) -> None:
    """A table flattened to text and published one line per paragraph: the text layouts still apply."""
    body = HTML_PAGES[page](document.read_text(encoding="utf-8").split("\n"))
    markup = (
        "<html><head><meta charset='utf-8'><title>政府信息公开年报</title></head><body>"
        f"<div class='nav'><a href='/'>首页</a> &gt; <a href='/zfxxgk/'>政府信息公开</a></div><div id='zoom'>{body}</div>"
        "<div class='footer'>主办单位：人民政府办公室</div></body></html>"
    )
    _assert_parses_as_expected(markup.encode("utf-8"), document, expected_file, positions_lost=page in POSITIONS_LOST)


@pytest.mark.parametrize(("document", "expected_file"), DOCUMENTS, ids=[doc.stem[:12] for doc, _ in DOCUMENTS])
def test_document_as_word_paragraphs_parses_to_its_expectation(document: Path, expected_file: Path) -> None:
    """The same text pasted into Word, a paragraph per line (tabs kept as Word tabs)."""
    import docx

    word = docx.Document()
    for line in document.read_text(encoding="utf-8").split("\n"):
        word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    _assert_parses_as_expected(out.getvalue(), document, expected_file)


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(("document", "expected_file"), DOCUMENTS, ids=[doc.stem[:12] for doc, _ in DOCUMENTS])
def test_document_in_another_encoding_parses_to_its_expectation(
    encoding: str, document: Path, expected_file: Path,
) -> None:
    _assert_parses_as_expected(document.read_text(encoding="utf-8").encode(encoding), document, expected_file)


#: Variants that add a unit: the generated layouts print units of their own, and a number with two units
#: (``0件 万元``) is rightly unreadable.
_ADDS_A_UNIT = ("件 after the counts", "万元 after the fee amounts")


@pytest.mark.parametrize("layout", ["text_tabs", "text_cells", "markdown", "pdf_text"])
@pytest.mark.parametrize("seed", [3, 17, 2024])
def test_generated_report_varied_parses_to_its_cells(seed: int, layout: str) -> None:
    """The same variants over generated reports of both formats, whose every cell is known."""
    from pipelines.synthetic import generate_report, render

    report = generate_report(seed, fmt="2019" if seed % 2 else "2021")
    text = render(report, layout).decode("utf-8")
    for variant, change in VARIANTS.items():
        if variant in _ADDS_A_UNIT:
            continue
        parsed = parse_document(change(text).encode("utf-8"), source=f"generated.{layout}")
        wrong = {code: (want, parsed.cells.get(code)) for code, want in report.cells.items() if parsed.cells.get(code) != want}
        assert wrong == {}, f"{variant}: {list(wrong.items())[:3]}"
        assert (parsed.year, parsed.agency) == (report.year, report.agency), variant


def test_every_document_is_varied(shared_dir: Path) -> None:
    assert len(DOCUMENTS) == 8
