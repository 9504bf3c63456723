-- fact_applications: section 三 of each current report, one row per outcome row × applicant column.
CREATE OR REPLACE VIEW fact_applications AS
SELECT
    v.agency_id,
    v.year,
    d.row_key AS outcome,
    d.row_label AS outcome_label,
    d.column_key AS applicant,
    d.column_label AS applicant_label,
    v.fact_value::BIGINT AS count
FROM report_cell_values v
JOIN dim_cell d ON d.code = v.code::VARCHAR
WHERE d.section = 'apply';

COMMENT ON VIEW fact_applications IS '依申请公开事实：每个机关每个年度当前报告第三部分，办理情况行 × 申请人类型列';
COMMENT ON COLUMN fact_applications.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN fact_applications.year IS '报告年度';
COMMENT ON COLUMN fact_applications.outcome IS '行代码：new_received（本年新收）、carried_over（上年结转）、granted 等办理结果、total（（七）总计）、carried_forward（结转下年度）';
COMMENT ON COLUMN fact_applications.outcome_label IS '行标题：中文';
COMMENT ON COLUMN fact_applications.applicant IS '申请人类型：natural_person（自然人）、commercial_enterprise、research_institution、public_interest_org、legal_service_org、other_org（法人或其他组织各类）、total（总计）';
COMMENT ON COLUMN fact_applications.applicant_label IS '申请人类型名称：中文';
COMMENT ON COLUMN fact_applications.count IS '件数：文档未给出或未通过校验为 NULL';
