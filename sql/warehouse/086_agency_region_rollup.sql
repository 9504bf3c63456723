-- agency_region_rollup: which province, city and county bucket each resolved agency counts in: those of its
-- division's rollup unit (region_rollup). An agency counts in every region above it (a township in its
-- county, city and province); it is not pushed down (a city's own bureau is in no county). Agencies whose
-- division is unresolved are in no bucket: they are counted in mart_data_quality and listed in
-- dq_unresolved_agencies. A view: a join of dim_agency and dim_region that costs less to recompute than to store.
CREATE OR REPLACE VIEW agency_region_rollup AS
SELECT a.agency_id, u.* EXCLUDE (rollup_code)
FROM dim_agency a
JOIN dim_region g ON g.code = a.region_code
JOIN region_rollup u USING (rollup_code);

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
