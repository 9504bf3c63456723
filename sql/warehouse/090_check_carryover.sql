-- check_carryover: the cross-year identity — this year's 上年结转 (carried over) equals last year's
-- 结转下年度继续办理 (carried forward) of the same agency, on the total column.
-- A view: a self-join of agency_year_figures, computed in well under a second even at 100,000 reports.
CREATE OR REPLACE VIEW check_carryover AS
SELECT
    f.agency_id,
    f.year,
    f.carried_over_total AS carried_over,
    p.carried_forward_total AS previous_carried_forward,
    f.carried_over_total - p.carried_forward_total AS difference,
    CASE
        WHEN p.agency_id IS NULL THEN 'no_previous_report'
        WHEN f.carried_over_total IS NULL OR p.carried_forward_total IS NULL THEN 'not_checkable'
        WHEN f.carried_over_total = p.carried_forward_total THEN 'ok'
        ELSE 'mismatch'
    END AS status,
    r.sha256,
    pr.sha256 AS previous_sha256
FROM agency_year_figures f
JOIN reports r USING (report_no)
LEFT JOIN agency_year_figures p ON p.agency_id = f.agency_id AND p.year = f.year - 1
LEFT JOIN reports pr ON pr.report_no = p.report_no
ORDER BY f.agency_id, f.year;

COMMENT ON VIEW check_carryover IS '跨年结转校验：本年“上年结转”应等于上年“结转下年度继续办理”（总计列），按机关逐年比较';
COMMENT ON COLUMN check_carryover.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN check_carryover.year IS '报告年度（本年）';
COMMENT ON COLUMN check_carryover.carried_over IS '本年上年结转申请数（总计）';
COMMENT ON COLUMN check_carryover.previous_carried_forward IS '上年结转下年度继续办理数（总计）';
COMMENT ON COLUMN check_carryover.difference IS '差额：本年上年结转 − 上年结转下年度';
COMMENT ON COLUMN check_carryover.status IS '结果：ok 相符、mismatch 不符、not_checkable 有值为空、no_previous_report 无上年报告';
COMMENT ON COLUMN check_carryover.sha256 IS '本年报告（reports.sha256）';
COMMENT ON COLUMN check_carryover.previous_sha256 IS '上年报告（reports.sha256）';
