-- agency_region_rollup: which province, city and county bucket each resolved agency counts in. An agency counts
-- in every region above it (a township in its county, city and province); it is not pushed down (a city's
-- own bureau is in no county). Counties directly under a province (the districts of 北京/天津/上海/重庆,
-- 省直辖县级市 such as 仙桃) are grouped at city level under their province: the municipality itself, or
-- "<province>（省直辖）". Central ministries form the province-level bucket 000000 中央. Agencies whose division
-- is unresolved are in no bucket: they are counted in mart_data_quality and listed in dq_unresolved_agencies.
-- A view: a join of dim_agency and dim_region that costs less to recompute in each mart than to store.
CREATE OR REPLACE VIEW agency_region_rollup AS
WITH a AS (
    SELECT
        ag.agency_id,
        g.level AS agency_level,
        g.province_code,
        g.province,
        g.city_code,
        g.county_code,
        g.county,
        coalesce(g.city_code, CASE WHEN g.county_code IS NOT NULL THEN g.province_code END) AS city_key,
        CASE
            WHEN g.city_code IS NOT NULL THEN g.city
            WHEN g.county_code IS NULL THEN NULL
            WHEN g.province LIKE '%市' THEN g.province
            ELSE g.province || '（省直辖）'
        END AS city_name
    FROM dim_agency ag
    JOIN dim_region g ON g.code = ag.region_code
)
SELECT agency_id, 'province' AS level, province_code AS region_code, province AS region_name,
       NULL::VARCHAR AS parent_code, NULL::VARCHAR AS parent_name,
       province_code, province, NULL::VARCHAR AS city_code, NULL::VARCHAR AS city,
       NULL::VARCHAR AS county_code, NULL::VARCHAR AS county
FROM a
WHERE province_code IS NOT NULL
UNION ALL
SELECT agency_id, 'city', city_key, city_name, province_code, province,
       province_code, province, city_key, city_name, NULL, NULL
FROM a
WHERE city_key IS NOT NULL
UNION ALL
SELECT agency_id, 'county', county_code, county, city_key, city_name,
       province_code, province, city_key, city_name, county_code, county
FROM a
WHERE county_code IS NOT NULL;

COMMENT ON VIEW agency_region_rollup IS '机关—地区归属表：每个已定位机关计入的省、市、县三级汇总单元（乡镇计入其县、市、省；直辖市的区与省直辖县级市在市级计入其省）';
COMMENT ON COLUMN agency_region_rollup.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN agency_region_rollup.level IS '汇总层级：province（省级，含 000000 中央）、city（地级）、county（县级）';
COMMENT ON COLUMN agency_region_rollup.region_code IS '地区代码：dim_region.code（中央为 000000）；市级的省直辖单元用省代码';
COMMENT ON COLUMN agency_region_rollup.region_name IS '地区名称';
COMMENT ON COLUMN agency_region_rollup.parent_code IS '上级地区代码：同级排名的范围；市的上级为省，县的上级为市（或直辖的省）；省级为空';
COMMENT ON COLUMN agency_region_rollup.parent_name IS '上级地区名称';
COMMENT ON COLUMN agency_region_rollup.province_code IS '所属省级代码';
COMMENT ON COLUMN agency_region_rollup.province IS '所属省级名称';
COMMENT ON COLUMN agency_region_rollup.city_code IS '所属市级汇总单元代码';
COMMENT ON COLUMN agency_region_rollup.city IS '所属市级汇总单元名称';
COMMENT ON COLUMN agency_region_rollup.county_code IS '所属县级代码';
COMMENT ON COLUMN agency_region_rollup.county IS '所属县级名称';
