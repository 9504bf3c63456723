-- dim_region: the official division tree (Ministry of Civil Affairs), province → township/street, plus the
-- row 000000 中央 (level central) that central ministries resolve to, so they form their own bucket.
CREATE OR REPLACE TABLE dim_region AS
SELECT
    code,
    name,
    level,
    parent_code,
    province,
    city,
    county,
    township,
    province_code,
    city_code,
    county_code,
    coalesce(county_code, city_code, province_code) AS rollup_code
FROM stg_regions
WHERE code IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY code ORDER BY level) = 1;

COMMENT ON TABLE dim_region IS '行政区划维表：民政部全国行政区划，省、市、县、乡镇/街道四级，另有 000000 中央（中央部委）';
COMMENT ON COLUMN dim_region.code IS '区划代码：县级及以上 6 位，乡镇/街道 9 位；000000 表示中央';
COMMENT ON COLUMN dim_region.name IS '名称：现行正式名称';
COMMENT ON COLUMN dim_region.level IS '层级：province（省级）、city（地级）、county（县级）、township（乡级）、central（中央）';
COMMENT ON COLUMN dim_region.parent_code IS '上级区划代码（直辖市的区、省直辖县级市的上级为省）';
COMMENT ON COLUMN dim_region.province IS '所属省级名称';
COMMENT ON COLUMN dim_region.city IS '所属地级名称（直辖市的区、省直辖县级市为空）';
COMMENT ON COLUMN dim_region.county IS '所属县级名称';
COMMENT ON COLUMN dim_region.township IS '乡镇/街道名称（本身为乡级时）';
COMMENT ON COLUMN dim_region.province_code IS '所属省级代码';
COMMENT ON COLUMN dim_region.city_code IS '所属地级代码';
COMMENT ON COLUMN dim_region.county_code IS '所属县级代码';
COMMENT ON COLUMN dim_region.rollup_code IS '汇总单元代码：地区集市计入的最细一级单元，即所属县级；无县级时为所属地级或省级（乡镇计入其县，县、市、省即其本身）';
