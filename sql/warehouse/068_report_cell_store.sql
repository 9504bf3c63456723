-- report_cell_store: every contract cell of every current report (one report per agency and year), read once
-- from the parse cache, in as few bytes as it takes: the report's integer key (reports.report_no), the code as
-- an ENUM of the contract's codes (one byte, compared as an integer) and the value as the document gives it
-- (NULL where it gives none, never 0). Writing this table is most of a build's cost, and it costs in proportion
-- to its width: agency, year and the fact value are joined on in the view report_cell_values, not stored in
-- each of the ~200 rows of a report.
DROP TYPE IF EXISTS cell_code;
CREATE TYPE cell_code AS ENUM (SELECT code FROM dim_cell ORDER BY ordinal);

CREATE OR REPLACE TABLE report_cell_store AS
WITH current_reports AS (
    SELECT o.parse_id, r.report_no
    FROM reports r
    JOIN report_outcomes o USING (sha256)
    WHERE r.is_current
),
cells AS (
    SELECT
        r.report_no,
        TRY_CAST(c.code AS cell_code) AS code,  -- a code outside the contract casts to NULL and is dropped
        c.value::DECIMAL(18, 4) AS value
    FROM stg_cells c
    JOIN current_reports r USING (parse_id)
)
SELECT report_no, code, value
FROM cells
WHERE code IS NOT NULL;

COMMENT ON TABLE report_cell_store IS '当前报告单元格存储：每个当前报告的每个标准单元格一行，按报告序号紧凑存放（查询请用 report_cells 或 report_cell_values）';
COMMENT ON COLUMN report_cell_store.report_no IS '报告序号（reports.report_no，本次构建内有效）';
COMMENT ON COLUMN report_cell_store.code IS '单元格代码（dim_cell.code）';
COMMENT ON COLUMN report_cell_store.value IS '数值：按文档原样（件、万元、元），未给出为 NULL，绝不补 0';
