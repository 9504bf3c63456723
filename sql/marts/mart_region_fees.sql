-- mart_region_fees: 行政事业性收费 (万元, as printed in section 二) and 信息处理费 (元, section 六) summed over
-- the agencies of each province, city and county and year, and how many agencies charged anything.
-- Summed per rollup unit (region_rollup) and year first, then per region: the agencies are aggregated once,
-- not once per level.
CREATE OR REPLACE TABLE mart_region_fees AS
WITH per_unit AS (
    SELECT
        g.rollup_code,
        f.year,
        count(*) AS agencies_reporting,
        sum(f.admin_fees_10k_yuan) AS admin_fees_10k_yuan,
        count(f.admin_fees_10k_yuan) AS agencies_with_admin_fees_figure,
        sum(f.info_processing_fee_yuan) AS info_processing_fee_yuan,
        count(f.info_processing_fee_yuan) AS agencies_with_info_fee_figure,
        count(*) FILTER (WHERE f.admin_fees_10k_yuan > 0) AS agencies_charging_admin_fees,
        count(*) FILTER (WHERE f.info_processing_fee_yuan > 0) AS agencies_charging_info_fee,
        count(*) FILTER (WHERE f.admin_fees_10k_yuan > 0 OR f.info_processing_fee_yuan > 0) AS agencies_charging_any
    FROM agency_year_figures f
    JOIN dim_agency a USING (agency_id)
    JOIN dim_region g ON g.code = a.region_code
    GROUP BY ALL
)
SELECT
    u.* EXCLUDE (rollup_code),  -- the region keys, commented once on agency_region_rollup
    p.year,
    sum(p.agencies_reporting)::BIGINT AS agencies_reporting,
    sum(p.admin_fees_10k_yuan)::DECIMAL(18, 4) AS admin_fees_10k_yuan,
    sum(p.agencies_with_admin_fees_figure)::BIGINT AS agencies_with_admin_fees_figure,
    sum(p.info_processing_fee_yuan)::DECIMAL(18, 4) AS info_processing_fee_yuan,
    sum(p.agencies_with_info_fee_figure)::BIGINT AS agencies_with_info_fee_figure,
    sum(p.agencies_charging_admin_fees)::BIGINT AS agencies_charging_admin_fees,
    sum(p.agencies_charging_info_fee)::BIGINT AS agencies_charging_info_fee,
    sum(p.agencies_charging_any)::BIGINT AS agencies_charging_any
FROM per_unit p
JOIN region_rollup u USING (rollup_code)
GROUP BY ALL
ORDER BY u.level, u.region_code, p.year;

COMMENT ON TABLE mart_region_fees IS '地区收费集市：各省、市、县每年的行政事业性收费（万元）、信息处理费（元）与收费机关数';
COMMENT ON COLUMN mart_region_fees.year IS '报告年度';
COMMENT ON COLUMN mart_region_fees.agencies_reporting IS '报告机关数：该地区该年度有当前报告的机关数';
COMMENT ON COLUMN mart_region_fees.admin_fees_10k_yuan IS '行政事业性收费（万元）：各机关之和，未给出的机关不计入；均未给出为 NULL';
COMMENT ON COLUMN mart_region_fees.agencies_with_admin_fees_figure IS '给出行政事业性收费金额的机关数（2019 格式无此项）';
COMMENT ON COLUMN mart_region_fees.info_processing_fee_yuan IS '信息处理费（元）：各机关之和，未给出的机关不计入；均未给出为 NULL';
COMMENT ON COLUMN mart_region_fees.agencies_with_info_fee_figure IS '给出信息处理费金额的机关数（2019 格式无此项）';
COMMENT ON COLUMN mart_region_fees.agencies_charging_admin_fees IS '收取行政事业性收费（金额大于 0）的机关数';
COMMENT ON COLUMN mart_region_fees.agencies_charging_info_fee IS '收取信息处理费（金额大于 0）的机关数';
COMMENT ON COLUMN mart_region_fees.agencies_charging_any IS '收取任一费用（行政事业性收费或信息处理费大于 0）的机关数';
