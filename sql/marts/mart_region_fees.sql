-- mart_region_fees: 行政事业性收费 (万元, as printed in section 二) and 信息处理费 (元, section 六) summed over
-- the agencies of each province, city and county and year, and how many agencies charged anything.
-- A view over region_year_totals, which sums every regional mart's figures in one aggregation.
CREATE OR REPLACE VIEW mart_region_fees AS
SELECT
    level, region_code, region_name, parent_code, parent_name, province_code, province, city_code, city,
    county_code, county, year,
    agencies_reporting,
    admin_fees_10k_yuan,
    agencies_with_admin_fees_figure,
    info_processing_fee_yuan,
    agencies_with_info_fee_figure,
    agencies_charging_admin_fees,
    agencies_charging_info_fee,
    agencies_charging_any
FROM region_year_totals
ORDER BY level, region_code, year;

COMMENT ON VIEW mart_region_fees IS '地区收费集市：各省、市、县每年的行政事业性收费（万元）、信息处理费（元）与收费机关数';
COMMENT ON COLUMN mart_region_fees.year IS '报告年度';
COMMENT ON COLUMN mart_region_fees.agencies_reporting IS '报告机关数：该地区该年度有当前报告的机关数';
COMMENT ON COLUMN mart_region_fees.admin_fees_10k_yuan IS '行政事业性收费（万元）：各机关之和，未给出的机关不计入；均未给出为 NULL';
COMMENT ON COLUMN mart_region_fees.agencies_with_admin_fees_figure IS '给出行政事业性收费金额的机关数（2019 格式无此项）';
COMMENT ON COLUMN mart_region_fees.info_processing_fee_yuan IS '信息处理费（元）：各机关之和，未给出的机关不计入；均未给出为 NULL';
COMMENT ON COLUMN mart_region_fees.agencies_with_info_fee_figure IS '给出信息处理费金额的机关数（2019 格式无此项）';
COMMENT ON COLUMN mart_region_fees.agencies_charging_admin_fees IS '收取行政事业性收费（金额大于 0）的机关数';
COMMENT ON COLUMN mart_region_fees.agencies_charging_info_fee IS '收取信息处理费（金额大于 0）的机关数';
COMMENT ON COLUMN mart_region_fees.agencies_charging_any IS '收取任一费用（行政事业性收费或信息处理费大于 0）的机关数';
