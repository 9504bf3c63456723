"""The cell list in code is exactly the shared contract's cells.csv."""

import csv

from pipelines.contract import FORMAT_2019, FORMAT_2021, all_cells, codes_for


def test_cells_equal_shared_contract(shared_dir):
    with open(shared_dir / "contract" / "cells.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = [(r["code"], r["section"], r["row_label"], r["column_label"], r["unit"], r["format"]) for r in rows]
    mine = [(c.code, c.section, c.row_label, c.column_label, c.unit, c.format) for c in all_cells()]
    assert mine == expected


def test_codes_per_format():
    assert len(codes_for(FORMAT_2021)) == 208
    assert len(codes_for(FORMAT_2019)) == 198
    assert "fees.info_processing_fee.amount" not in codes_for(FORMAT_2019)
    assert "active.procurement.amount" in codes_for(FORMAT_2019)
