-- fact_fees: the two money figures of each current report. 行政事业性收费 is in 万元 as the table prints it
-- (2021 format only); 信息处理费 is in 元 (国办函〔2020〕109号, 2021 format only). NULL where not given.
-- A view: two columns of agency_year_figures, not worth storing twice.
CREATE OR REPLACE VIEW fact_fees AS
SELECT
    f.agency_id,
    f.year,
    r.sha256,
    r.format,
    f.admin_fees_10k_yuan,
    f.info_processing_fee_yuan
FROM agency_year_figures f
JOIN reports r USING (report_no);

COMMENT ON VIEW fact_fees IS '收费事实表：每个机关每个年度当前报告的行政事业性收费（万元）与信息处理费（元）';
COMMENT ON COLUMN fact_fees.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN fact_fees.year IS '报告年度';
COMMENT ON COLUMN fact_fees.sha256 IS '来源文档：reports.sha256，当前报告';
COMMENT ON COLUMN fact_fees.format IS '表格格式：2021 或 2019（2019 格式无这两项，恒为 NULL）';
COMMENT ON COLUMN fact_fees.admin_fees_10k_yuan IS '行政事业性收费：本年收费金额，单位万元（第二部分第二十条第（八）项）；未给出为 NULL';
COMMENT ON COLUMN fact_fees.info_processing_fee_yuan IS '信息处理费：本年收取金额，单位元（第六部分）；未给出为 NULL';
