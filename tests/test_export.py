"""``zfxxgk export`` and ``zfxxgk schema`` on a small warehouse built for real from generated reports."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.cli import main
from pipelines.export import ExportError, export_mart
from pipelines.synthetic import generate_report, render
from pipelines.warehouse import build_warehouse, dictionary, ingest_paths, warehouse_path

# (agency level, division) pairs: two Zhejiang counties, one Henan county, Zhejiang's own government
AGENCIES = (("county", "331121"), ("township", "331121"), ("township", "330802"), ("county", "411521"),
            ("province", "330000"))


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    root = tmp_path_factory.mktemp("export")
    docs = root / "docs"
    docs.mkdir()
    reports = []
    for i, (level, code) in enumerate(AGENCIES):
        for year in (2023, 2024):
            report = generate_report(500 + 10 * i + year, fmt="2021", year=year, agency_level=level, region_code=code)
            (docs / f"r{i}_{year}.txt").write_bytes(render(report, "text_tabs"))
            reports.append(report)
    data = root / "data"
    ingest_paths([docs], data)
    build_warehouse(data, workers=2)
    return data, reports


def _read_csv(path: Path) -> tuple[bytes, list[list[str]]]:
    raw = path.read_bytes()
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_has_bom_english_headers_and_plain_numbers(warehouse: tuple[Path, list], tmp_path: Path) -> None:
    data, reports = warehouse
    out = tmp_path / "fees.csv"
    result = export_mart(warehouse_path(data), "mart_region_fees", out, level="county")
    raw, rows = _read_csv(out)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in raw
    with duckdb.connect(str(warehouse_path(data)), read_only=True) as con:
        columns = [c for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = 'mart_region_fees' ORDER BY column_index"
        ).fetchall()]
    assert rows[0] == columns == result.columns
    counties = {(r.region_code[:6], r.year) for r in reports if len(r.region_code) >= 6 and not r.region_code.endswith("0000")}
    assert len(rows) - 1 == result.rows == len(counties)
    header = rows[0]
    for row in rows[1:]:
        fee = row[header.index("admin_fees_10k_yuan")]
        assert "e" not in fee.lower()
        assert fee == "" or len(fee.split(".")[1]) == 4


def test_chinese_headers_are_the_comment_labels(warehouse: tuple[Path, list], tmp_path: Path) -> None:
    data, _ = warehouse
    out = tmp_path / "apps.csv"
    export_mart(warehouse_path(data), "mart_region_applications", out, level="province", zh=True)
    _, rows = _read_csv(out)
    assert rows[0][:3] == ["汇总层级", "地区代码", "地区名称"]
    assert "本年新收申请·自然人" in rows[0] and "公开率" in rows[0]
    assert len(set(rows[0])) == len(rows[0])


def test_year_and_within_filters(warehouse: tuple[Path, list], tmp_path: Path) -> None:
    data, reports = warehouse
    out = tmp_path / "cmp.csv"
    export_mart(warehouse_path(data), "mart_region_comparison", out, level="county", year=2024, within="浙江省")
    _, rows = _read_csv(out)
    header, body = rows[0], rows[1:]
    expected = {r.region_code[:6] for r in reports
                if r.year == 2024 and r.region_code.startswith("33") and not r.region_code.endswith("0000")}
    assert {row[header.index("region_code")] for row in body} == expected
    assert {row[header.index("year")] for row in body} == {"2024"}
    export_mart(warehouse_path(data), "mart_region_comparison", out, level="county", within="丽水市")
    _, rows = _read_csv(out)
    assert {row[rows[0].index("city_code")] for row in rows[1:]} == {"331100"}


def test_parquet_by_extension_holds_the_same_rows(warehouse: tuple[Path, list], tmp_path: Path) -> None:
    data, _ = warehouse
    export_mart(warehouse_path(data), "mart_region_litigation", tmp_path / "l.parquet", level="city")
    export_mart(warehouse_path(data), "mart_region_litigation", tmp_path / "l.csv", level="city")
    frame = pl.read_parquet(tmp_path / "l.parquet")
    _, rows = _read_csv(tmp_path / "l.csv")
    assert frame.columns == rows[0]
    assert frame.height == len(rows) - 1 > 0


def test_bad_requests_are_refused(warehouse: tuple[Path, list], tmp_path: Path) -> None:
    data, _ = warehouse
    with pytest.raises(ExportError, match="unknown mart"):
        export_mart(warehouse_path(data), "reports; DROP TABLE reports", tmp_path / "x.csv", level="county")
    with pytest.raises(ExportError, match="does not name one region"):
        export_mart(warehouse_path(data), "mart_region_fees", tmp_path / "x.csv", level="county", within="' OR 1=1 --")
    with pytest.raises(ExportError, match="--level"):
        export_mart(warehouse_path(data), "mart_region_fees", tmp_path / "x.csv")
    with pytest.raises(ExportError, match="zfxxgk build"):
        export_mart(tmp_path / "none.duckdb", "mart_region_fees", tmp_path / "x.csv", level="county")


def test_cli_export_and_its_errors(warehouse: tuple[Path, list], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    data, _ = warehouse
    out = tmp_path / "dq.csv"
    assert main(["export", "mart_data_quality", "--level", "national", "--out", str(out), "--data-dir", str(data)]) == 0
    _, rows = _read_csv(out)
    assert rows[0][0] == "level" and len(rows) > 1
    assert main(["export", "nope", "--level", "city", "--out", str(out), "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown mart 'nope'" in err[0]


def test_data_dictionary_is_generated_and_up_to_date() -> None:
    assert dictionary.DICTIONARY_PATH.read_text(encoding="utf-8") == dictionary.render_dictionary(), (
        "docs/data-dictionary.md is stale: run `zfxxgk schema --markdown docs/data-dictionary.md`"
    )


def test_every_table_and_column_has_a_comment_with_a_unique_label() -> None:
    con = dictionary.empty_schema()
    tables = dictionary.describe(con)
    con.close()
    names = {t.name for t in tables}
    assert {"documents", "reports", "report_checks", "dim_agency", "dim_region", "fact_applications",
            "fact_active_disclosure", "fact_review_litigation", "fact_fees", "report_cells",
            "mart_region_applications", "mart_region_fees", "mart_region_litigation", "mart_region_comparison",
            "mart_data_quality"} <= names
    assert not any(n.startswith("stg_") for n in names)
    for table in tables:
        assert table.comment, table.name
        labels = [c.label for c in table.columns]
        assert all(c.comment for c in table.columns), (table.name, [c.name for c in table.columns if not c.comment])
        assert len(set(labels)) == len(labels), (table.name, sorted(x for x in labels if labels.count(x) > 1))


def test_cli_schema_prints_the_dictionary(warehouse: tuple[Path, list], capsys: pytest.CaptureFixture) -> None:
    data, _ = warehouse
    assert main(["schema", "--data-dir", str(data)]) == 0
    out = capsys.readouterr().out
    assert "report_cells" in out and "报告单元格视图" in out
