-- report_cell_values: every contract cell of every current report (one report per agency and year), read
-- once from the parse cache. value is as the document gives it (NULL where it gives none, never 0);
-- fact_value is the same number when it passes the warehouse check (whole, non-negative counts; see
-- report_checks), else NULL, so a misread never enters a sum. The fact views and report_cells read this table.
-- code is an ENUM of the contract's codes: one byte a row, compared as an integer.
DROP TYPE IF EXISTS cell_code;
CREATE TYPE cell_code AS ENUM (SELECT code FROM dim_cell ORDER BY ordinal);

CREATE OR REPLACE TABLE report_cell_values AS
WITH current_reports AS (
    SELECT o.parse_id, r.agency_id, r.year, nullif(o.invalid_codes, []) AS invalid_codes
    FROM reports r
    JOIN report_outcomes o USING (sha256)
    WHERE r.is_current
),
cells AS (  -- a code outside the contract casts to NULL and is dropped: one pass, no join with dim_cell
    SELECT
        r.agency_id,
        r.year,
        TRY_CAST(c.code AS cell_code) AS code,
        c.value::DECIMAL(18, 4) AS value,
        r.invalid_codes,
        c.code AS code_text
    FROM stg_cells c
    JOIN current_reports r USING (parse_id)
)
SELECT
    agency_id,
    year,
    code,
    value,
    CASE WHEN invalid_codes IS NULL OR NOT list_contains(invalid_codes, code_text) THEN value END AS fact_value
FROM cells
WHERE code IS NOT NULL;

COMMENT ON TABLE report_cell_values IS '当前报告单元格值：每个机关每个年度当前报告的每个标准单元格一行（事实视图与 report_cells 的底表）';
COMMENT ON COLUMN report_cell_values.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN report_cell_values.year IS '报告年度';
COMMENT ON COLUMN report_cell_values.code IS '单元格代码（dim_cell.code）';
COMMENT ON COLUMN report_cell_values.value IS '数值：按文档原样（件、万元、元），未给出为 NULL，绝不补 0';
COMMENT ON COLUMN report_cell_values.fact_value IS '入账数值：通过仓库校验（件数为非负整数）的数值，否则为 NULL；事实视图与集市用此列';
