-- fact_review_litigation: section 四 of each current report, one row per proceeding × outcome.
CREATE OR REPLACE TABLE fact_review_litigation AS
SELECT
    agency_id,
    year,
    sha256,
    row_key AS proceeding,
    row_label AS proceeding_label,
    column_key AS outcome,
    column_label AS outcome_label,
    fact_value::BIGINT AS count
FROM current_cells
WHERE section = 'litigation'
ORDER BY agency_id, year, ordinal;

COMMENT ON TABLE fact_review_litigation IS '复议诉讼事实表：每个机关每个年度当前报告第四部分，程序 × 结果';
COMMENT ON COLUMN fact_review_litigation.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN fact_review_litigation.year IS '报告年度';
COMMENT ON COLUMN fact_review_litigation.sha256 IS '来源文档（reports.sha256，当前报告）';
COMMENT ON COLUMN fact_review_litigation.proceeding IS '程序：review（行政复议）、direct_suit（未经复议直接起诉）、suit_after_review（复议后起诉）';
COMMENT ON COLUMN fact_review_litigation.proceeding_label IS '程序（中文）';
COMMENT ON COLUMN fact_review_litigation.outcome IS '结果：upheld（维持）、corrected（纠正）、other（其他）、pending（尚未审结）、total（总计）';
COMMENT ON COLUMN fact_review_litigation.outcome_label IS '结果（中文）';
COMMENT ON COLUMN fact_review_litigation.count IS '件数：文档未给出或未通过校验为 NULL';
