-- fact_fees: the two money figures of each current report. 行政事业性收费 is in 万元 as the table prints it
-- (2021 format only); 信息处理费 is in 元 (国办函〔2020〕109号, 2021 format only). NULL where not given.
CREATE OR REPLACE TABLE fact_fees AS
SELECT
    r.agency_id,
    r.year,
    r.sha256,
    r.format,
    max(c.fact_value) FILTER (WHERE c.code = 'active.admin_fees.amount')::DECIMAL(18, 4) AS admin_fees_10k_yuan,
    max(c.fact_value) FILTER (WHERE c.code = 'fees.info_processing_fee.amount')::DECIMAL(18, 4)
        AS info_processing_fee_yuan
FROM reports r
LEFT JOIN current_cells c ON c.sha256 = r.sha256 AND c.code IN ('active.admin_fees.amount', 'fees.info_processing_fee.amount')
WHERE r.is_current
GROUP BY r.agency_id, r.year, r.sha256, r.format
ORDER BY r.agency_id, r.year;

COMMENT ON TABLE fact_fees IS '收费事实表：每个机关每个年度当前报告的行政事业性收费（万元）与信息处理费（元）';
COMMENT ON COLUMN fact_fees.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN fact_fees.year IS '报告年度';
COMMENT ON COLUMN fact_fees.sha256 IS '来源文档（reports.sha256，当前报告）';
COMMENT ON COLUMN fact_fees.format IS '表格格式：2021 或 2019（2019 格式无这两项，恒为 NULL）';
COMMENT ON COLUMN fact_fees.admin_fees_10k_yuan IS '行政事业性收费：本年收费金额，单位万元（第二部分第二十条第（八）项）；未给出为 NULL';
COMMENT ON COLUMN fact_fees.info_processing_fee_yuan IS '信息处理费：本年收取金额，单位元（第六部分）；未给出为 NULL';
