-- fact_active_disclosure: section 二 of each current report (rules, normative documents, licensing, penalty,
-- enforcement, fees, and the 2019 format's items), one row per item × measure.
CREATE OR REPLACE VIEW fact_active_disclosure AS
SELECT
    v.agency_id,
    v.year,
    d.row_key AS item,
    d.row_label AS item_label,
    d.column_key AS measure,
    d.column_label AS measure_label,
    d.unit,
    v.fact_value AS value
FROM report_cell_values v
JOIN dim_cell d ON d.code = v.code::VARCHAR
WHERE d.section = 'active';

COMMENT ON VIEW fact_active_disclosure IS '主动公开事实：每个机关每个年度当前报告第二部分，信息内容 × 统计项';
COMMENT ON COLUMN fact_active_disclosure.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN fact_active_disclosure.year IS '报告年度';
COMMENT ON COLUMN fact_active_disclosure.item IS '信息内容代码：regulations（规章）、normative_docs（规范性文件）、licensing、penalty、enforcement、admin_fees、procurement 等';
COMMENT ON COLUMN fact_active_disclosure.item_label IS '信息内容：中文';
COMMENT ON COLUMN fact_active_disclosure.measure IS '统计项代码：issued、repealed、in_force、decisions、amount、new_made 等';
COMMENT ON COLUMN fact_active_disclosure.measure_label IS '统计项：中文';
COMMENT ON COLUMN fact_active_disclosure.unit IS '单位：count（件）、10k_yuan（万元）';
COMMENT ON COLUMN fact_active_disclosure.value IS '数值：文档未给出或未通过校验为 NULL';
