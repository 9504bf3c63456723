-- report_cell_values: every contract cell of every current report keyed by agency and year. value is as the
-- document gives it (NULL where it gives none, never 0); fact_value is the same number when it passes the
-- warehouse check (whole, non-negative counts; see report_checks and reports.invalid_codes), else NULL, so a
-- misread never enters a sum. The fact views and report_cells read this view.
CREATE OR REPLACE VIEW report_cell_values AS
SELECT
    r.agency_id,
    r.year,
    c.code,
    c.value,
    CASE WHEN len(r.invalid_codes) = 0 OR NOT list_contains(r.invalid_codes, c.code::VARCHAR) THEN c.value END
        AS fact_value
FROM report_cell_store c
JOIN reports r USING (report_no);

COMMENT ON VIEW report_cell_values IS '当前报告单元格值：每个机关每个年度当前报告的每个标准单元格一行（事实视图与 report_cells 的底表）';
COMMENT ON COLUMN report_cell_values.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN report_cell_values.year IS '报告年度';
COMMENT ON COLUMN report_cell_values.code IS '单元格代码（dim_cell.code）';
COMMENT ON COLUMN report_cell_values.value IS '数值：按文档原样（件、万元、元），未给出为 NULL，绝不补 0';
COMMENT ON COLUMN report_cell_values.fact_value IS '入账数值：通过仓库校验（件数为非负整数）的数值，否则为 NULL；事实视图与集市用此列';
