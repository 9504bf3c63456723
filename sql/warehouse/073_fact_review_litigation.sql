-- fact_review_litigation: section 四 of each current report, one row per proceeding × outcome.
CREATE OR REPLACE VIEW fact_review_litigation AS
SELECT
    v.agency_id,
    v.year,
    d.row_key AS proceeding,
    d.row_label AS proceeding_label,
    d.column_key AS outcome,
    d.column_label AS outcome_label,
    v.fact_value::BIGINT AS count
FROM report_cell_values v
JOIN dim_cell d ON d.code = v.code::VARCHAR
WHERE d.section = 'litigation';

COMMENT ON VIEW fact_review_litigation IS '复议诉讼事实：每个机关每个年度当前报告第四部分，程序 × 结果';
COMMENT ON COLUMN fact_review_litigation.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN fact_review_litigation.year IS '报告年度';
COMMENT ON COLUMN fact_review_litigation.proceeding IS '程序：review（行政复议）、direct_suit（未经复议直接起诉）、suit_after_review（复议后起诉）';
COMMENT ON COLUMN fact_review_litigation.proceeding_label IS '程序名称：中文';
COMMENT ON COLUMN fact_review_litigation.outcome IS '结果：upheld（维持）、corrected（纠正）、other（其他）、pending（尚未审结）、total（总计）';
COMMENT ON COLUMN fact_review_litigation.outcome_label IS '结果名称：中文';
COMMENT ON COLUMN fact_review_litigation.count IS '件数：文档未给出或未通过校验为 NULL';
