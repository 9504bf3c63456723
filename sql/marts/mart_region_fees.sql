-- mart_region_fees: 行政事业性收费 (万元, as printed in section 二) and 信息处理费 (元, section 六) summed over
-- the agencies of each province, city and county and year, and how many agencies charged anything.
CREATE OR REPLACE TABLE mart_region_fees AS
SELECT
    u.level,
    u.region_code,
    u.region_name,
    u.parent_code,
    u.parent_name,
    u.province_code,
    u.province,
    u.city_code,
    u.city,
    u.county_code,
    u.county,
    f.year,
    count(*) AS agencies_reporting,
    sum(f.admin_fees_10k_yuan)::DECIMAL(18, 4) AS admin_fees_10k_yuan,
    count(f.admin_fees_10k_yuan) AS agencies_with_admin_fees_figure,
    sum(f.info_processing_fee_yuan)::DECIMAL(18, 4) AS info_processing_fee_yuan,
    count(f.info_processing_fee_yuan) AS agencies_with_info_fee_figure,
    count(*) FILTER (WHERE f.admin_fees_10k_yuan > 0) AS agencies_charging_admin_fees,
    count(*) FILTER (WHERE f.info_processing_fee_yuan > 0) AS agencies_charging_info_fee,
    count(*) FILTER (WHERE f.admin_fees_10k_yuan > 0 OR f.info_processing_fee_yuan > 0) AS agencies_charging_any
FROM agency_year_figures f
JOIN agency_region_rollup u USING (agency_id)
GROUP BY u.level, u.region_code, u.region_name, u.parent_code, u.parent_name, u.province_code, u.province, u.city_code, u.city, u.county_code, u.county, f.year
ORDER BY u.level, u.region_code, f.year;

COMMENT ON TABLE mart_region_fees IS '地区收费集市：各省、市、县每年的行政事业性收费（万元）、信息处理费（元）与收费机关数';
COMMENT ON COLUMN mart_region_fees.level IS '汇总层级：province（省级，含 000000 中央）、city（地级）、county（县级）';
COMMENT ON COLUMN mart_region_fees.region_code IS '地区代码：dim_region.code；市级的省直辖单元用省代码';
COMMENT ON COLUMN mart_region_fees.region_name IS '地区名称';
COMMENT ON COLUMN mart_region_fees.parent_code IS '上级地区代码：同级排名的范围';
COMMENT ON COLUMN mart_region_fees.parent_name IS '上级地区名称';
COMMENT ON COLUMN mart_region_fees.province_code IS '所属省级代码';
COMMENT ON COLUMN mart_region_fees.province IS '所属省级名称';
COMMENT ON COLUMN mart_region_fees.city_code IS '所属市级汇总单元代码';
COMMENT ON COLUMN mart_region_fees.city IS '所属市级汇总单元名称';
COMMENT ON COLUMN mart_region_fees.county_code IS '所属县级代码';
COMMENT ON COLUMN mart_region_fees.county IS '所属县级名称';
COMMENT ON COLUMN mart_region_fees.year IS '报告年度';
COMMENT ON COLUMN mart_region_fees.agencies_reporting IS '报告机关数：该地区该年度有当前报告的机关数';
COMMENT ON COLUMN mart_region_fees.admin_fees_10k_yuan IS '行政事业性收费（万元）：各机关之和，未给出的机关不计入；均未给出为 NULL';
COMMENT ON COLUMN mart_region_fees.agencies_with_admin_fees_figure IS '给出行政事业性收费金额的机关数（2019 格式无此项）';
COMMENT ON COLUMN mart_region_fees.info_processing_fee_yuan IS '信息处理费（元）：各机关之和，未给出的机关不计入；均未给出为 NULL';
COMMENT ON COLUMN mart_region_fees.agencies_with_info_fee_figure IS '给出信息处理费金额的机关数（2019 格式无此项）';
COMMENT ON COLUMN mart_region_fees.agencies_charging_admin_fees IS '收取行政事业性收费（金额大于 0）的机关数';
COMMENT ON COLUMN mart_region_fees.agencies_charging_info_fee IS '收取信息处理费（金额大于 0）的机关数';
COMMENT ON COLUMN mart_region_fees.agencies_charging_any IS '收取任一费用（行政事业性收费或信息处理费大于 0）的机关数';
