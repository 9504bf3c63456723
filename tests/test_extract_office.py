"""DOC/WPS/RTF and XLS through LibreOffice. Skipped where soffice (or, for XLS, Calc) is not installed (CI
installs both).

The Word 97 file is made at test time from a generated DOCX (via ODT: LibreOffice drops python-docx's
tables when it writes .doc straight from the .docx), the Excel 97 file from a generated XLSX, rather than
committed as binaries.
"""

from __future__ import annotations

import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import docx
import pytest

from pipelines.extract import read_document
from pipelines.extract.model import MissingTool, ReadError
from pipelines.extract.office import find_soffice, has_calc, read_office
from pipelines.parse import parse_document
from pipelines.synthetic import generate_report, render

SOFFICE = find_soffice()
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")


def convert(source: Path, target_format: str, out_dir: Path, profile: Path) -> Path:
    subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target_format, "--outdir", str(out_dir), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    return out_dir / f"{source.stem}.{target_format.split(':')[0]}"


@pytest.fixture(scope="module")
def word97() -> bytes:
    document = docx.Document()
    document.add_paragraph("某镇人民政府2024年政府信息公开工作年度报告")
    grid = document.add_table(rows=3, cols=3)
    grid.style = "Table Grid"
    grid.cell(0, 0).merge(grid.cell(1, 0)).text = "信息内容"
    grid.cell(0, 1).merge(grid.cell(0, 2)).text = "本年"
    grid.cell(1, 1).text, grid.cell(1, 2).text = "制发", "废止"
    grid.cell(2, 0).text, grid.cell(2, 1).text, grid.cell(2, 2).text = "规章", "4", "1"
    document.add_paragraph("六、其他需要报告的事项")
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        source = work_dir / "report.docx"
        document.save(source)
        odt = convert(source, "odt", work_dir, work_dir / "profile")
        doc = convert(odt, "doc:MS Word 97", work_dir, work_dir / "profile")
        return doc.read_bytes()


def test_word97_document_is_read_with_its_merged_cells(word97: bytes) -> None:
    result = read_document(word97, "report.doc")
    assert result.media_type == "application/msword"
    assert result.warnings == ["converted from a Word 97-2003 document by LibreOffice"]
    texts = [block.text for block in result.blocks if not hasattr(block, "grid")]
    assert texts == ["某镇人民政府2024年政府信息公开工作年度报告", "六、其他需要报告的事项"]
    (table,) = result.tables
    assert [table.row_texts(r) for r in range(3)] == [["信息内容", "本年", "本年"], ["信息内容", "制发", "废止"],
                                                      ["规章", "4", "1"]]
    assert table.grid[0][0] is table.grid[1][0] and table.grid[0][1] is table.grid[0][2]


def test_wps_is_read_like_doc(word97: bytes) -> None:
    result = read_office(word97, "report.wps", media_type="application/wps-office.wps")
    assert result.media_type == "application/wps-office.wps"
    assert result.tables[0].row_texts(2) == ["规章", "4", "1"]


def test_conversions_in_parallel_do_not_clash(word97: bytes) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda name: read_document(word97, name), ["a.doc", "b.doc"]))
    assert [result.tables[0].row_texts(2) for result in results] == [["规章", "4", "1"]] * 2


def test_rtf() -> None:
    rtf = (r"{\rtf1\ansi\ansicpg936\deff0{\fonttbl{\f0\fnil\fcharset134 SimSun;}}\f0 "
           r"\u19968?\u12289?\u24635?\u20307?\u24773?\u20917?\par"
           "\n" r"\trowd\cellx2000\cellx4000 \intbl \u35268?\u31456?\cell 3\cell\row}").encode("ascii")
    result = read_document(rtf, "report.rtf")
    assert result.media_type == "application/rtf"
    assert result.blocks[0].text == "一、总体情况"
    assert result.tables[0].row_texts(0) == ["规章", "3"]


def test_corrupt_word_file_is_refused_not_imported_as_text() -> None:
    corrupt = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 3 + "WordDocument".encode("utf-16-le")
    with pytest.raises(ReadError, match=r"^broken\.doc: LibreOffice could not convert it \(.+\)$"):
        read_document(corrupt, "broken.doc")


def test_hung_conversion_is_killed_after_the_timeout(word97: bytes) -> None:
    with pytest.raises(ReadError, match=r"^slow\.doc: LibreOffice did not finish converting it within 0\.01 s$"):
        read_office(word97, "slow.doc", timeout=0.01)


def test_docx_output_is_not_left_behind(word97: bytes) -> None:
    before = set(Path(tempfile.gettempdir()).glob("zfxxgk-soffice-*"))
    read_document(word97, "tidy.doc")
    assert set(Path(tempfile.gettempdir()).glob("zfxxgk-soffice-*")) == before


XLS_REPORT = generate_report(5, blank_rate=0.1)
needs_calc = pytest.mark.skipif(SOFFICE is None or not has_calc(SOFFICE),
                                reason="LibreOffice Calc (libreoffice-calc-nogui) is not installed")


@pytest.fixture(scope="module")
def excel97() -> bytes:
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        source = work_dir / "report.xlsx"
        source.write_bytes(render(XLS_REPORT, "xlsx"))
        return convert(source, "xls:MS Excel 97", work_dir, work_dir / "profile").read_bytes()


@needs_calc
def test_excel97_workbook_parses_back_whole_blank_cells_included(excel97: bytes) -> None:
    parsed = parse_document(excel97, source="附表.xls")
    assert parsed.media_type == "application/vnd.ms-excel"
    assert "converted from an Excel 97-2003 workbook (XLS) by LibreOffice" in parsed.warnings
    assert (parsed.agency, parsed.year, parsed.format) == (XLS_REPORT.agency, XLS_REPORT.year, XLS_REPORT.format)
    assert {code: parsed.cells.get(code) for code in XLS_REPORT.cells} == XLS_REPORT.cells


@needs_calc
def test_corrupt_excel_file_is_a_one_line_error() -> None:
    corrupt = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 3 + "Workbook".encode("utf-16-le")
    with pytest.raises(ReadError, match=r"^broken\.xls: LibreOffice could not convert it \(.+\)$"):
        read_document(corrupt, "broken.xls")


def test_excel_file_without_calc_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("pipelines.extract.office.has_calc", lambda soffice: False)
    workbook = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512) + "Workbook".encode("utf-16-le")
    with pytest.raises(MissingTool, match=r"^t\.xls is an Excel 97-2003 workbook \(XLS\): reading it needs "
                                          r"LibreOffice Calc \(libreoffice-calc-nogui\), which is not installed$"):
        read_document(workbook, "t.xls")
