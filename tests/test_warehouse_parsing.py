"""The parse stage's own machinery: the cache key, failures of every kind, a crashing worker.

A small reader stands in for the parser here (the real one is exercised in test_warehouse.py): documents are
JSON objects, and markers in them make the reader fail in each of the ways a real parser can.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import pytest

from pipelines.contract import empty_cells
from pipelines.extract.model import NeedsOCR
from pipelines.parse.report import ParsedReport
from pipelines.warehouse import ParserSpec, build_warehouse, ingest_paths, parse_pending, warehouse_path
from pipelines.warehouse.parsing import outcome_files


def json_reader(data: bytes, source: str = "", hint: object = None) -> ParsedReport:
    text = data.decode()
    if "CRASH" in text:
        os._exit(3)  # a native reader dying takes its process with it
    if "BUG" in text:
        raise ValueError("unexpected table shape")
    if "HANG" in text:
        while True:  # a reader stuck in a loop on a pathological file
            pass
    if "SCAN" in text:
        raise NeedsOCR(f"{source}: a scanned PDF without a text layer")
    obj = json.loads(text)
    cells = empty_cells("2021")
    cells["apply.new_received.total"] = obj.get("n")
    return ParsedReport(obj.get("agency"), obj.get("year"), "2021", cells, region={"code": obj.get("code")},
                        source=source)


def _write(folder: Path, name: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(body, encoding="utf-8")


def _docs(folder: Path) -> None:
    for i in range(6):
        _write(folder, f"ok{i}.json", json.dumps({"agency": f"青田县{i}局", "year": 2024, "n": i, "code": "331121"}))
    _write(folder, "crash.json", "CRASH")
    _write(folder, "bug.json", "BUG")
    _write(folder, "scan.json", "SCAN")


def _outcomes(data: Path, version: str) -> dict[str, tuple[str, str | None]]:
    with duckdb.connect() as con:
        rows = con.execute(
            "SELECT sha256, status, reason FROM read_parquet(?)", [[str(f) for f in outcome_files(data, version)]]
        ).fetchall()
    return {sha: (status, reason) for sha, status, reason in rows}


def test_every_failure_is_recorded_against_its_document(tmp_path: Path) -> None:
    _docs(tmp_path / "docs")
    data = tmp_path / "data"
    ingest_paths([tmp_path / "docs"], data)
    spec = ParserSpec(json_reader, "t1")
    result = parse_pending(data, workers=2, parser=spec)
    assert (result.parsed, result.failed, result.pending) == (6, 3, 9)
    reasons = sorted(reason for status, reason in _outcomes(data, "t1").values() if status == "failed")
    assert any("bug.json: parser error ValueError: unexpected table shape" in r for r in reasons)
    assert any("crash.json: the parser process crashed" in r for r in reasons)
    assert any("scan.json: a scanned PDF without a text layer" in r for r in reasons)
    again = parse_pending(data, workers=2, parser=spec)
    assert (again.pending, again.parsed, again.failed, again.reused) == (0, 0, 0, 9)


def test_a_document_that_hangs_the_parser_is_given_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZFXXGK_PARSE_TIMEOUT", "1.5")
    _write(tmp_path / "docs", "hang.json", "HANG")
    _write(tmp_path / "docs", "ok.json", json.dumps({"agency": "青田县局", "year": 2024, "n": 1, "code": "331121"}))
    data = tmp_path / "data"
    ingest_paths([tmp_path / "docs"], data)
    result = parse_pending(data, workers=2, parser=ParserSpec(json_reader, "t1"))
    assert (result.parsed, result.failed) == (1, 1)
    reasons = [reason for status, reason in _outcomes(data, "t1").values() if status == "failed"]
    assert reasons and "hang.json: parsing took longer than 1.5 s" in reasons[0]


def test_build_goes_on_past_failures_and_reparses_for_a_new_version_or_hint(tmp_path: Path) -> None:
    _docs(tmp_path / "docs")
    data = tmp_path / "data"
    ingest_paths([tmp_path / "docs"], data)
    first = build_warehouse(data, workers=2, parser=ParserSpec(json_reader, "t1"))
    assert (first.current_reports, first.failed) == (6, 3)
    with duckdb.connect(str(warehouse_path(data)), read_only=True) as con:
        failed = con.execute("SELECT count(*) FROM dq_failed_documents").fetchone()[0]
        values = sorted(v for (v,) in con.execute(
            "SELECT value FROM report_cells WHERE code = 'apply.new_received.total'").fetchall())
    assert failed == 3 and values == list(range(6))
    # a new parser version parses everything again
    second = build_warehouse(data, workers=2, parser=ParserSpec(json_reader, "t2"))
    assert (second.parsed_now, second.failed_now, second.reused) == (6, 3, 0)
    # the same file ingested again with a region hint is parsed again with it; the others are reused
    assert ingest_paths([tmp_path / "docs" / "ok0.json"], data, region="331121").new_lines == 1
    assert ingest_paths([tmp_path / "docs" / "ok0.json"], data, region="331121").new_lines == 0
    third = build_warehouse(data, workers=1, parser=ParserSpec(json_reader, "t2"))
    assert (third.parsed_now, third.reused) == (1, 8)
    with duckdb.connect(str(warehouse_path(data)), read_only=True) as con:
        hint = con.execute("SELECT region_hint FROM documents WHERE origin LIKE '%ok0.json'").fetchone()[0]
    assert hint == "331121"


def test_missing_parser_is_an_error_only_when_there_is_something_to_parse(tmp_path: Path) -> None:
    result = build_warehouse(tmp_path / "empty", parser=None)
    assert result.documents == 0


@pytest.mark.parametrize("body", [b"", b"\x00\x01\x02 binary"])
def test_empty_and_binary_files_are_failed_documents_with_the_real_parser(tmp_path: Path, body: bytes) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "odd.bin").write_bytes(body)
    data = tmp_path / "data"
    ingest_paths([tmp_path / "docs"], data)
    result = build_warehouse(data, workers=1)
    assert (result.documents, result.failed, result.current_reports) == (1, 1, 0)
    with duckdb.connect(str(warehouse_path(data)), read_only=True) as con:
        (reason,) = con.execute("SELECT reason FROM reports").fetchone()
    assert "odd.bin" in reason


def test_a_failing_model_leaves_the_previous_warehouse_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipelines.warehouse import models

    _docs(tmp_path / "docs")
    data = tmp_path / "data"
    ingest_paths([tmp_path / "docs"], data)
    spec = ParserSpec(json_reader, "t1")
    build_warehouse(data, workers=1, parser=spec)
    before = warehouse_path(data).read_bytes()
    broken = tmp_path / "mart_broken.sql"
    broken.write_text("CREATE TABLE mart_broken AS SELECT no_such_column FROM reports;")
    monkeypatch.setattr(models, "mart_models", lambda: [broken])
    with pytest.raises(models.ModelError, match="mart_broken.sql"):
        build_warehouse(data, workers=1, parser=spec, force=True)
    assert warehouse_path(data).read_bytes() == before
    assert not list(data.glob(".warehouse-*"))
