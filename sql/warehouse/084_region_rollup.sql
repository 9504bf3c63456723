-- region_rollup: which province, city and county each rollup unit counts in. A rollup unit
-- (dim_region.rollup_code) is a county, or a city or province with no county below the division: a township
-- counts in its county, its city and its province; a city's own bureau in its city and province, in no county.
-- Counties directly under a province (the districts of 北京/天津/上海/重庆, 省直辖县级市 such as 仙桃) are
-- grouped at city level under their province: the municipality itself, or "<province>（省直辖）". Central
-- ministries form the province-level bucket 000000 中央.
-- The regional marts sum their figures per rollup unit first (a few thousand units, however many agencies),
-- then per region through this table: far fewer rows to aggregate than every agency under every level. A table
-- of the division list alone (a reference model): made once into the schema template, not at every build.
CREATE OR REPLACE TABLE region_rollup AS
WITH unit AS (
    SELECT
        g.rollup_code,
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
    FROM dim_region g
    WHERE g.code = g.rollup_code  -- the counties, and the cities and provinces as units of their own
)
SELECT rollup_code, 'province' AS level, province_code AS region_code, province AS region_name,
       NULL::VARCHAR AS parent_code, NULL::VARCHAR AS parent_name,
       province_code, province, NULL::VARCHAR AS city_code, NULL::VARCHAR AS city,
       NULL::VARCHAR AS county_code, NULL::VARCHAR AS county
FROM unit
WHERE province_code IS NOT NULL
UNION ALL
SELECT rollup_code, 'city', city_key, city_name, province_code, province,
       province_code, province, city_key, city_name, NULL, NULL
FROM unit
WHERE city_key IS NOT NULL
UNION ALL
SELECT rollup_code, 'county', county_code, county, city_key, city_name,
       province_code, province, city_key, city_name, county_code, county
FROM unit
WHERE county_code IS NOT NULL;

-- sum_per_region(units): figures summed per rollup unit and year (a relation of rollup_code, year and additive
-- counts) summed per region and year, the region keys in front: the second step of every regional mart.
CREATE OR REPLACE MACRO sum_per_region(units) AS TABLE
SELECT
    u.* EXCLUDE (rollup_code),  -- the region keys, commented once on agency_region_rollup
    p.year,
    sum(COLUMNS(p.* EXCLUDE (rollup_code, year)))::BIGINT
FROM query_table(units) p
JOIN region_rollup u USING (rollup_code)
GROUP BY ALL;

COMMENT ON TABLE region_rollup IS '汇总单元—地区归属表：每个汇总单元（dim_region.rollup_code）计入的省、市、县三级地区（直辖市的区与省直辖县级市在市级计入其省）';
COMMENT ON COLUMN region_rollup.rollup_code IS '汇总单元代码（dim_region.rollup_code）';
COMMENT ON COLUMN region_rollup.level IS '汇总层级：province（省级，含 000000 中央）、city（地级）、county（县级）';
COMMENT ON COLUMN region_rollup.region_code IS '地区代码：dim_region.code（中央为 000000）；市级的省直辖单元用省代码';
COMMENT ON COLUMN region_rollup.region_name IS '地区名称';
COMMENT ON COLUMN region_rollup.parent_code IS '上级地区代码：同级排名的范围；市的上级为省，县的上级为市（或直辖的省）；省级为空';
COMMENT ON COLUMN region_rollup.parent_name IS '上级地区名称';
COMMENT ON COLUMN region_rollup.province_code IS '所属省级代码';
COMMENT ON COLUMN region_rollup.province IS '所属省级名称';
COMMENT ON COLUMN region_rollup.city_code IS '所属市级汇总单元代码';
COMMENT ON COLUMN region_rollup.city IS '所属市级汇总单元名称';
COMMENT ON COLUMN region_rollup.county_code IS '所属县级代码';
COMMENT ON COLUMN region_rollup.county IS '所属县级名称';
