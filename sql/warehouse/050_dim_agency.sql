-- dim_agency: one row per agency = normalized name + division. agency_id is a hash of the two, so it is the
-- same in every build and every year; an agency whose division is unresolved is keyed by its name alone.
CREATE OR REPLACE TABLE dim_agency AS
WITH per_agency AS (
    SELECT
        agency_id,
        -- the latest year's report (then the latest revision) names the agency: one pick for all its fields
        arg_max({'name': agency, 'normalized_name': agency_normalized, 'kind': agency_kind,
                 'region_status': division_status, 'region_reason': division_reason,
                 'region_candidates': region_candidates}, (coalesce(year, 0), revision_at)) AS latest,
        any_value(division_level) AS level,
        any_value(known_code) AS region_code,
        count(*) AS documents,
        min(year) AS first_year,
        max(year) AS last_year
    FROM report_outcomes
    WHERE agency_id IS NOT NULL
    GROUP BY agency_id
)
SELECT
    agency_id,
    latest.name,
    latest.normalized_name,
    latest.kind,
    level,
    region_code,
    latest.region_status,
    latest.region_reason,
    latest.region_candidates,
    documents,
    first_year,
    last_year
FROM per_agency;

COMMENT ON TABLE dim_agency IS '机关维表：每个发布年报的行政机关一行（规范化名称 + 所在区划）；agency_id 跨构建、跨年度稳定';
COMMENT ON COLUMN dim_agency.agency_id IS '机关编号：md5(规范化名称|区划代码) 前 16 位；区划未解析时仅按名称';
COMMENT ON COLUMN dim_agency.name IS '机关名称：最近一年报告所印名称';
COMMENT ON COLUMN dim_agency.normalized_name IS '规范化名称：统一全半角、空格等后的名称，用于跨年归并';
COMMENT ON COLUMN dim_agency.kind IS '机关类别：人民政府、部门、乡镇、街道等';
COMMENT ON COLUMN dim_agency.level IS '层级：central（中央）、province、city、county、township；区划未解析为空';
COMMENT ON COLUMN dim_agency.region_code IS '所在区划代码（dim_region.code）；中央部委为 000000；未解析为空';
COMMENT ON COLUMN dim_agency.region_status IS '区划解析状态：resolved、central、ambiguous（同名多处，缺上下文不猜）、unresolved、unknown_code（代码不在区划表）';
COMMENT ON COLUMN dim_agency.region_reason IS '区划解析说明：为何未能确定或依据何在';
COMMENT ON COLUMN dim_agency.region_candidates IS '候选区划：同名多处时的候选代码';
COMMENT ON COLUMN dim_agency.documents IS '已解析文档数（含各年度、各版本）';
COMMENT ON COLUMN dim_agency.first_year IS '最早报告年度';
COMMENT ON COLUMN dim_agency.last_year IS '最近报告年度';
