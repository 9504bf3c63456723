"""The warehouse built for real: generated reports and the seeds ingested, parsed, loaded into a DuckDB file,
and every figure checked against what the test knows independently."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.parse.report import ParsedReport
from pipelines.regions import region_rows
from pipelines.warehouse import build_warehouse, ingest_paths, warehouse_path
from pipelines.warehouse.parsing import outcome_files
from tests.test_warehouse_corpus import (
    AMBIGUOUS_HINT,
    AMBIGUOUS_TOWNSHIP,
    Corpus,
    expected_region_figures,
    make_corpus,
)

SEED_HINTS: dict[str, str | None] = {}  # every seed resolves from its own name and text


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    root = tmp_path_factory.mktemp("warehouse")
    corpus = make_corpus(root / "docs")
    data = root / "data"
    ingest_paths([corpus.batch1], data)
    ingest_paths([corpus.ambiguous], data)
    ingest_paths([corpus.ambiguous_hinted], data, region=AMBIGUOUS_HINT)
    ingest_paths([corpus.batch2], data)  # the correction arrives later
    result = build_warehouse(data, workers=2)
    assert not result.skipped
    return data, corpus


def connect(data: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(warehouse_path(data)), read_only=True)


def test_every_current_report_cell_matches_the_generated_cells(built: tuple[Path, Corpus]) -> None:
    data, corpus = built
    with connect(data) as con:
        rows = con.execute(
            "SELECT agency_name, year, code, value FROM report_cells WHERE agency_name <> ?", [AMBIGUOUS_TOWNSHIP]
        ).fetchall()
        hinted = con.execute(
            "SELECT code, value FROM report_cells WHERE agency_name = ? AND region_code = ?",
            [AMBIGUOUS_TOWNSHIP, AMBIGUOUS_HINT + "100"],
        ).fetchall()
    got: dict[tuple[str, int], dict[str, float | None]] = {}
    for agency, year, code, value in rows:
        got.setdefault((agency, year), {})[code] = None if value is None else float(value)
    expected = {(r.agency, r.year): r.cells for r in corpus.current if r.agency != AMBIGUOUS_TOWNSHIP}
    assert set(got) == set(expected)
    for key, cells in expected.items():
        assert got[key] == {code: None if v is None else float(v) for code, v in cells.items()}, key
    hinted_report = next(r for r in corpus.current if r.agency == AMBIGUOUS_TOWNSHIP)
    assert {c: None if v is None else float(v) for c, v in hinted} == {
        c: None if v is None else float(v) for c, v in hinted_report.cells.items()
    }


def test_null_cells_stay_null_in_facts_and_report_cells(built: tuple[Path, Corpus]) -> None:
    data, corpus = built
    blanked = corpus.blanked
    assert blanked is not None
    blank_codes = sorted(code for code, value in blanked.cells.items() if value is None)
    assert blank_codes, "the corpus must contain blank cells"
    with connect(data) as con:
        in_view = dict(con.execute(
            "SELECT code, value FROM report_cells WHERE agency_name = ? AND year = ?", [blanked.agency, blanked.year]
        ).fetchall())
        facts = dict(con.execute(
            """
            SELECT 'apply.' || outcome || '.' || applicant, count FROM fact_applications
            JOIN dim_agency USING (agency_id) WHERE name = ? AND year = ?
            UNION ALL
            SELECT 'litigation.' || proceeding || '.' || outcome, count FROM fact_review_litigation
            JOIN dim_agency USING (agency_id) WHERE name = ? AND year = ?
            """,
            [blanked.agency, blanked.year, blanked.agency, blanked.year],
        ).fetchall())
    for code in blank_codes:
        assert in_view[code] is None, code
        if code in facts:
            assert facts[code] is None, code
    given = [code for code, value in blanked.cells.items() if value is not None and code in facts]
    assert all(facts[code] == blanked.cells[code] for code in given)


def test_marts_equal_sums_computed_independently(built: tuple[Path, Corpus]) -> None:
    data, corpus = built
    region_codes = {row["code"] for row in region_rows()}
    expected = expected_region_figures(corpus.current, region_codes)
    with connect(data) as con:
        apps = {(r[0], r[1], r[2]): r[3:] for r in con.execute(
            """SELECT level, region_code, year, agencies_reporting, new_received_total, processed_total,
                      carried_forward_natural_person, granted, disclosure_rate_base, disclosure_rate
               FROM mart_region_applications""").fetchall()}
        fees = {(r[0], r[1], r[2]): r[3:] for r in con.execute(
            """SELECT level, region_code, year, admin_fees_10k_yuan, info_processing_fee_yuan, agencies_charging_any
               FROM mart_region_fees""").fetchall()}
        lit = {(r[0], r[1], r[2]): r[3:] for r in con.execute(
            "SELECT level, region_code, year, review_total, review_correction_rate FROM mart_region_litigation"
        ).fetchall()}
        comparison = con.execute("SELECT count(*) FROM mart_region_comparison").fetchone()[0]
    assert set(apps) == set(expected)
    assert comparison == len(expected)
    for key, want in expected.items():
        n, new, processed, forward, granted, base, rate = apps[key]
        assert (n, new, processed, forward, granted, base) == (
            want["agencies_reporting"], want["new_received_total"], want["processed_total"],
            want["carried_forward_natural_person"], want["granted"], want["disclosure_rate_base"]), key
        assert (rate is None) == (want["disclosure_rate"] is None), key
        if rate is not None:
            assert rate == pytest.approx(want["disclosure_rate"], abs=1e-4)
        admin, fee, charging = fees[key]
        assert (float(admin) if admin is not None else None) == pytest.approx(want["admin_fees_10k_yuan"]), key
        assert (float(fee) if fee is not None else None) == pytest.approx(want["info_processing_fee_yuan"]), key
        assert charging == want["agencies_charging_any"], key
        review_total, correction = lit[key]
        assert review_total == want["review_total"], key
        assert (correction is None) == (want["review_correction_rate"] is None), key
        if correction is not None:
            assert correction == pytest.approx(want["review_correction_rate"], abs=1e-4)


def test_beijing_districts_roll_up_to_the_municipality_and_central_has_its_bucket(built: tuple[Path, Corpus]) -> None:
    data, _ = built
    with connect(data) as con:
        city = con.execute(
            "SELECT DISTINCT region_name FROM mart_region_applications WHERE level = 'city' AND region_code = '110000'"
        ).fetchall()
        county = con.execute(
            "SELECT DISTINCT parent_code FROM mart_region_applications WHERE level = 'county' AND region_code = '110105'"
        ).fetchall()
        central = con.execute(
            "SELECT count(*) FROM mart_region_applications WHERE level = 'province' AND region_code = '000000'"
        ).fetchone()[0]
        ranked = con.execute(
            "SELECT rank_applications FROM mart_region_comparison WHERE region_code = '000000'"
        ).fetchall()
    assert city == [("北京市",)]
    assert county == [("110000",)]
    assert central == 2
    assert all(rank is None for (rank,) in ranked)


def test_ranks_and_changes_in_the_comparison_mart(built: tuple[Path, Corpus]) -> None:
    data, _ = built
    with connect(data) as con:
        rows = con.execute(
            """SELECT level, parent_code, year, region_code, applications, rank_applications,
                      applications_previous_year, applications_change
               FROM mart_region_comparison WHERE region_code <> '000000'"""
        ).fetchall()
    by_region = {(r[0], r[3], r[2]): r for r in rows}
    for level, parent, year, code, apps, rank, previous, change in rows:
        siblings = [r[4] for r in rows if r[0] == level and r[1] == parent and r[2] == year and r[4] is not None]
        if apps is not None:
            assert rank == 1 + sum(1 for other in siblings if other > apps)
        last = by_region.get((level, code, year - 1))
        assert previous == (last[4] if last else None)
        assert change == (apps - last[4] if last and apps is not None and last[4] is not None else None)


def test_one_current_report_per_agency_year_with_its_reason(built: tuple[Path, Corpus]) -> None:
    data, corpus = built
    html, pdf = corpus.html_pdf
    first, copy = corpus.duplicate_names
    with connect(data) as con:
        assert con.execute(
            "SELECT count(*) FROM (SELECT agency_id, year FROM reports WHERE is_current GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()[0] == 0
        pair = dict(con.execute(
            "SELECT regexp_extract(origin, '[^/]+$'), current_reason FROM reports WHERE origin LIKE '%/pair.%'"
        ).fetchall())
        pair_current = dict(con.execute(
            "SELECT regexp_extract(origin, '[^/]+$'), is_current FROM reports WHERE origin LIKE '%/pair.%'"
        ).fetchall())
        stats = dict(con.execute(
            "SELECT regexp_extract(origin, '[^/]+$'), is_current FROM reports WHERE origin LIKE '%/stats_%'"
        ).fetchall())
        stats_reason = dict(con.execute(
            "SELECT regexp_extract(origin, '[^/]+$'), current_reason FROM reports WHERE origin LIKE '%/stats_%'"
        ).fetchall())
        dup = con.execute(
            "SELECT sightings, len(origins) FROM documents WHERE list_contains(origins, ?)",
            [str((corpus.batch1 / copy).resolve())],
        ).fetchone()
        dup_reports = con.execute(
            "SELECT count(*), any_value(current_reason) FROM reports r JOIN documents d USING (sha256) "
            "WHERE list_contains(d.origins, ?)", [str((corpus.batch1 / first).resolve())],
        ).fetchone()
    assert pair_current == {html: True, pdf: False}
    assert "more complete" in pair[html] and "more complete" in pair[pdf] and "superseded by" in pair[pdf]
    assert stats == {"stats_original.html": False, "stats_corrected.html": True}
    assert "later revision" in stats_reason["stats_corrected.html"]
    assert stats_reason["stats_original.html"].startswith("superseded by")
    assert dup == (2, 2)
    assert dup_reports[0] == 1 and "same bytes seen 2 times" in dup_reports[1]


def test_corrupt_document_is_recorded_and_the_build_goes_on(built: tuple[Path, Corpus]) -> None:
    data, corpus = built
    with connect(data) as con:
        failed = con.execute("SELECT origin, reason FROM dq_failed_documents").fetchall()
        dq = con.execute(
            "SELECT documents_failed FROM mart_data_quality WHERE level = 'national' AND year IS NULL"
        ).fetchone()[0]
        current = con.execute("SELECT count(*) FROM reports WHERE is_current").fetchone()[0]
    assert len(failed) == 1
    origin, reason = failed[0]
    assert origin.endswith(corpus.corrupt_name)
    assert corpus.corrupt_name in reason
    assert dq == 1
    assert current == len(corpus.current) + 1  # and the unresolved 城关镇, current but in no region


def test_ambiguous_township_is_listed_not_guessed(built: tuple[Path, Corpus]) -> None:
    data, _ = built
    with connect(data) as con:
        unresolved = con.execute(
            "SELECT name, region_status, len(region_candidates), current_reports FROM dq_unresolved_agencies"
        ).fetchall()
        resolved = con.execute(
            "SELECT region_code, level, kind FROM dim_agency WHERE name = ? AND region_code IS NOT NULL",
            [AMBIGUOUS_TOWNSHIP],
        ).fetchall()
        dq = con.execute(
            "SELECT sum(reports) FROM mart_data_quality WHERE level = 'unresolved'"
        ).fetchone()[0]
        in_marts = con.execute(
            "SELECT count(*) FROM agency_region_rollup JOIN dim_agency USING (agency_id) WHERE dim_agency.region_code IS NULL"
        ).fetchone()[0]
    assert unresolved == [(AMBIGUOUS_TOWNSHIP, "ambiguous", unresolved[0][2], 1)]
    assert unresolved[0][2] > 1
    assert resolved == [(AMBIGUOUS_HINT + "100", "township", "乡镇")]
    assert dq == 1
    assert in_marts == 0


def test_cross_year_carryover_check(built: tuple[Path, Corpus]) -> None:
    data, corpus = built
    previous = {(r.agency, r.year): r.cells.get("apply.carried_forward.total") for r in corpus.current}
    expected = {}
    for r in corpus.current:
        last = (r.agency, r.year - 1)
        if last not in previous:
            continue
        this, before = r.cells.get("apply.carried_over.total"), previous[last]
        expected[(r.agency, r.year)] = (
            "not_checkable" if this is None or before is None else "ok" if this == before else "mismatch"
        )
    with connect(data) as con:
        got = {(name, year): status for name, year, status in con.execute(
            "SELECT a.name, c.year, c.status FROM check_carryover c JOIN dim_agency a USING (agency_id) "
            "WHERE c.status <> 'no_previous_report'"
        ).fetchall()}
        national = con.execute(
            "SELECT sum(carryover_mismatches), sum(carryover_checked) FROM mart_data_quality "
            "WHERE level = 'national' AND year IS NOT NULL"
        ).fetchone()
    assert got == expected
    assert got[(corpus.matched_carryover_agency, 2024)] == "ok"
    assert national == (
        sum(1 for s in expected.values() if s == "mismatch"), sum(1 for s in expected.values() if s != "not_checkable")
    )


def _facts_digest(con: duckdb.DuckDBPyConnection) -> tuple:
    tables = ("documents", "reports", "dim_agency", "fact_applications", "fact_active_disclosure",
              "fact_review_litigation", "fact_fees", "mart_region_applications", "mart_region_comparison",
              "mart_data_quality")
    out = []
    for table in tables:
        out.append(con.execute(
            f"SELECT count(*), md5(string_agg(t::VARCHAR, '|' ORDER BY t::VARCHAR)) FROM {table} t"
        ).fetchone())
    return tuple(out)


def test_ingest_and_build_twice_change_nothing(built: tuple[Path, Corpus]) -> None:
    data, corpus = built
    log = (data / "ingest_log.jsonl").read_bytes()
    segments = outcome_files(data, _parser_version(data))
    with connect(data) as con:
        before = _facts_digest(con)
    again = ingest_paths([corpus.batch1, corpus.batch2], data)
    assert (again.new_lines, again.new_documents) == (0, 0)
    assert (data / "ingest_log.jsonl").read_bytes() == log
    mtime = warehouse_path(data).stat().st_mtime_ns
    result = build_warehouse(data, workers=2)
    assert result.skipped and result.parsed_now == 0 and result.failed_now == 0
    assert warehouse_path(data).stat().st_mtime_ns == mtime
    old = connect(data)  # an analyst's connection stays valid through a forced rebuild
    forced = build_warehouse(data, workers=2, force=True)
    assert not forced.skipped and forced.parsed_now == 0
    assert old.execute("SELECT count(*) FROM reports").fetchone()[0] == result.documents
    old.close()
    assert outcome_files(data, _parser_version(data)) == segments
    with connect(data) as con:
        assert _facts_digest(con) == before


def _parser_version(data: Path) -> str:
    with connect(data) as con:
        return con.execute("SELECT value FROM build_info WHERE key = 'parser_version'").fetchone()[0]


def test_seeds_build_to_their_expected_cells(shared_dir: Path, tmp_path: Path) -> None:
    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    data = tmp_path / "data"
    for seed in seeds:
        ingest_paths([seed], data, region=SEED_HINTS.get(seed.name))
    build_warehouse(data, workers=2)
    with connect(data) as con:
        for seed in seeds:
            expected = json.loads((shared_dir / "seeds" / "expected" / f"{seed.stem}.json").read_text())
            row = con.execute(
                """SELECT r.agency, r.year, r.format, r.region_code, r.is_current, r.agency_id
                   FROM reports r JOIN documents d USING (sha256) WHERE d.origin = ?""",
                [str(seed.resolve())],
            ).fetchone()
            agency, year, fmt, region, current, agency_id = row
            assert expected["agency_contains"] in agency
            assert (year, fmt, region, current) == (expected["year"], expected["format"], expected["region"]["code"], True)
            cells = dict(con.execute(
                "SELECT code, value FROM report_cells WHERE agency_id = ? AND year = ?", [agency_id, year]
            ).fetchall())
            assert set(cells) == set(expected["cells"])
            for code, want in expected["cells"].items():
                got = None if cells[code] is None else float(cells[code])
                accepted = want if isinstance(want, list) else [want]
                assert got in [None if a is None else float(a) for a in accepted], (seed.name, code, got, want)


def test_crawled_documents_page_and_attachment_gone_and_republished(tmp_path: Path) -> None:
    """Crawl-log entries feed the same warehouse: a page and its attachment are one report; a URL that
    re-publishes new content is a new revision; a URL now gone keeps its document, marked gone."""
    from pipelines.store.raw import RawStore
    from pipelines.synthetic import generate_report, render

    data = tmp_path / "data"
    store = RawStore(data)
    report = generate_report(77, fmt="2021", year=2024, agency_level="county", region_code="331121")
    later = generate_report(78, fmt="2021", year=2024, agency_level="county", region_code="331121")
    later.agency = report.agency
    old_sha = store.put(render(report, "html"))
    new_sha = store.put(render(later, "html"))
    att_sha = store.put(render(report, "markdown"))
    url = "https://www.example.gov.cn/art/2025/1/20/art_1.html"
    lines = [
        {"url": url, "final_url": url, "classification": "ok", "kind": "report", "sha256": old_sha,
         "fetched_at": "2025-01-20T08:00:00Z", "run_id": "run-1", "report_url": url, "content_type": "text/html"},
        {"url": url + ".md", "classification": "ok", "kind": "attachment", "sha256": att_sha,
         "fetched_at": "2025-01-20T08:00:05Z", "run_id": "run-1", "report_url": url},
        {"url": url, "final_url": url, "classification": "ok", "kind": "report", "sha256": new_sha,
         "fetched_at": "2025-02-20T08:00:00Z", "run_id": "run-2", "report_url": url},
        {"url": url + ".md", "classification": "gone", "kind": "attachment", "sha256": None,
         "fetched_at": "2025-02-20T08:00:05Z", "run_id": "run-2", "report_url": url},
        {"url": "https://www.example.gov.cn/list.html", "classification": "ok", "kind": "list", "sha256": None,
         "fetched_at": "2025-02-20T08:00:00Z", "run_id": "run-2"},
    ]
    (data / "crawl_log").mkdir(parents=True)
    text = "".join(json.dumps(line) + "\n" for line in lines) + '{"url": "https://torn'
    (data / "crawl_log" / "run.jsonl").write_text(text)
    build_warehouse(data, workers=1)
    with connect(data) as con:
        rows = {sha: (current, gone) for sha, current, gone in con.execute(
            "SELECT sha256, is_current, gone FROM reports").fetchall()}
        reason = con.execute("SELECT current_reason FROM reports WHERE sha256 = ?", [new_sha]).fetchone()[0]
        media = con.execute("SELECT media_type FROM documents WHERE sha256 = ?", [old_sha]).fetchone()[0]
    assert rows == {old_sha: (False, False), att_sha: (False, True), new_sha: (True, False)}
    assert "later revision" in reason
    assert media == "text/html"


def test_ingest_refuses_bad_input_and_stores_nothing(tmp_path: Path) -> None:
    from pipelines.warehouse import IngestError

    data = tmp_path / "data"
    good = tmp_path / "a.txt"
    good.write_text("x")
    with pytest.raises(IngestError, match="missing.txt"):
        ingest_paths([good, tmp_path / "missing.txt"], data)
    with pytest.raises(IngestError, match="城关镇"):
        ingest_paths([good], data, region="城关镇")
    assert not (data / "ingest_log.jsonl").exists()
    assert not (data / "raw").exists() or not any((data / "raw").rglob("*"))


def test_build_with_no_documents_gives_an_empty_warehouse(tmp_path: Path) -> None:
    result = build_warehouse(tmp_path / "data")
    assert (result.documents, result.current_reports) == (0, 0)
    with connect(tmp_path / "data") as con:
        assert con.execute("SELECT count(*) FROM mart_region_applications").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM dim_region WHERE level = 'township'").fetchone()[0] > 30000
    shutil.rmtree(tmp_path / "data")


def _parse_cells_json(data: bytes, source: str = "", hint: object = None) -> ParsedReport:
    """A stand-in parser (module level, so the parse workers can load it): a report stored as its cells."""
    obj = json.loads(data)
    return ParsedReport(agency=obj["agency"], year=obj["year"], format="2021", cells=obj["cells"],
                        region={"code": obj["region_code"]}, source=source)


def test_a_value_failing_the_warehouse_check_is_kept_as_printed_and_left_out_of_the_facts(tmp_path: Path) -> None:
    """A fractional or negative count (a misread) stays in report_cells as printed, is listed on the report and
    in report_checks, and is NULL in the fact views and the marts' figures, so it never enters a sum."""
    from pipelines.synthetic import generate_report
    from pipelines.warehouse.parsing import ParserSpec

    report = generate_report(7, fmt="2021")
    cells = dict(report.cells)
    cells["apply.granted.natural_person"] = 2.5
    cells["litigation.review.upheld"] = -1
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "r.json").write_text(json.dumps({"agency": report.agency, "year": report.year, "cells": cells,
                                             "region_code": report.region_code}, ensure_ascii=False))

    data = tmp_path / "data"
    ingest_paths([docs], data)
    build_warehouse(data, parser=ParserSpec(_parse_cells_json, "test-invalid-values"))
    bad = {"apply.granted.natural_person": 2.5, "litigation.review.upheld": -1.0}
    with connect(data) as con:
        invalid_codes, = con.execute("SELECT invalid_codes FROM reports WHERE is_current").fetchone()
        printed = dict(con.execute("SELECT code, value FROM report_cells WHERE code IN ?", [list(bad)]).fetchall())
        facts = dict(con.execute(
            """
            SELECT 'apply.' || outcome || '.' || applicant, count FROM fact_applications
            UNION ALL SELECT 'litigation.' || proceeding || '.' || outcome, count FROM fact_review_litigation
            """).fetchall())
        cell_values = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE value IS DISTINCT FROM fact_value) FROM report_cell_values"
        ).fetchone()
        check_ok, detail = con.execute(
            "SELECT ok, detail FROM report_checks WHERE source = 'warehouse'").fetchone()
        upheld, = con.execute("SELECT review_upheld FROM agency_year_figures").fetchone()
    assert sorted(invalid_codes) == sorted(bad)
    assert {code: float(value) for code, value in printed.items()} == bad
    assert facts["apply.granted.natural_person"] is None and facts["litigation.review.upheld"] is None
    assert facts["apply.granted.total"] == cells["apply.granted.total"]
    assert cell_values[1] == 2 and cell_values[0] > 100
    assert check_ok is False and "apply.granted.natural_person" in detail
    assert upheld is None


def _relations(path: Path) -> dict[str, object]:
    """Every relation of the warehouse file at ``path``: its data-dictionary entry (kind, comment, columns with
    their types and comments) and its rows."""
    from pipelines.warehouse import build, dictionary

    with build.read_only(path) as con:
        return {
            doc.name: (doc, sorted(map(repr, con.execute(f'SELECT * FROM "{doc.name}"').fetchall()))
                       if doc.name != "build_info" else [])
            for doc in dictionary.describe(con)
        }


def test_a_build_from_the_schema_template_equals_one_from_the_sql_files(built: tuple[Path, Corpus], tmp_path: Path) -> None:
    """The build fills a copy of the schema template with each model's INSERTs; running the model files whole
    on a new file must give the same relations, comments and rows."""
    from pipelines.warehouse import build, models

    data, _ = built
    with connect(data) as con:
        version = con.execute("SELECT value FROM build_info WHERE key = 'parser_version'").fetchone()[0]
    scratch = tmp_path / "scratch.duckdb"
    con = duckdb.connect(str(scratch))
    with models.transaction(con):
        build.create_schema(con, data, version)
        build.build_marts(con)
        models.drop_staging(con)
    con.close()
    templated, whole = _relations(warehouse_path(data)), _relations(scratch)
    assert set(templated) - set(whole) == {"build_info"}
    for name, relation in whole.items():
        assert templated[name] == relation, name
    assert any(rows for _, rows in whole.values())


def test_the_schema_template_is_made_once_per_code_version(built: tuple[Path, Corpus], tmp_path: Path) -> None:
    from pipelines.warehouse import build

    data, _ = built
    (template,) = (data / "parsed").glob(f"{build.TEMPLATE_PREFIX}*.duckdb")
    timings: dict[str, float] = {}
    assert build.schema_template(data, timings) == template and "schema" not in timings
    # a new data folder copies this process's template instead of building one; a stale one is removed
    other = tmp_path / "data"
    (other / "parsed").mkdir(parents=True)
    (other / "parsed" / f"{build.TEMPLATE_PREFIX}0000000000000000.duckdb").write_bytes(b"stale")
    copied = build.schema_template(other, timings)
    assert copied.name == template.name and copied.read_bytes() == template.read_bytes() and "schema" in timings
    assert list((other / "parsed").glob(f"{build.TEMPLATE_PREFIX}*.duckdb")) == [copied]


def test_model_files_split_as_duckdb_parses_them() -> None:
    """fill_statements splits the model files at a ';' ending a line; DuckDB's own parser must agree."""
    from pipelines.warehouse import models

    con = duckdb.connect()
    for path in models.warehouse_models() + models.mart_models():
        text = path.read_text(encoding="utf-8")
        parsed = [" ".join(line for line in s.query.splitlines() if not line.lstrip().startswith("--")).split()
                  for s in con.extract_statements(text)]
        ours = [s.split() for s in models.split_statements(text)]
        assert [" ".join(s).removesuffix(";").rstrip() for s in parsed] == [" ".join(s) for s in ours], path.name


def test_a_damaged_schema_template_is_made_again(built: tuple[Path, Corpus]) -> None:
    from pipelines.warehouse import build

    data, _ = built
    (template,) = (data / "parsed").glob(f"{build.TEMPLATE_PREFIX}*.duckdb")
    template.write_bytes(b"not a database")
    result = build_warehouse(data, force=True)
    assert not result.skipped and result.current_reports > 0
    assert template.is_file() and template.read_bytes()[:16] != b"not a database"[:16]
    with connect(data) as con:
        assert con.execute("SELECT count(*) FROM dim_region").fetchone()[0] > 40000
