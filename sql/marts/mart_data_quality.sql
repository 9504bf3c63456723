-- mart_data_quality: how much of each region-year can be trusted. Per level (national, province, city,
-- county, and "unresolved" for agencies whose division is not known) and year: current reports, reports with
-- a failed accounting identity, reports missing a whole section, unresolved regions, and the cross-year check
-- (this year's 上年结转 = last year's 结转下年度, check_carryover). Documents that failed to parse or could not
-- be attributed have no year or region: they are counted on the one national row whose year is NULL.
-- A view, computed when read (0.14 s at 100,000 reports): not worth writing at every build.
CREATE OR REPLACE VIEW mart_data_quality AS
WITH cur AS (
    SELECT
        r.agency_id,
        r.year,
        r.versions,
        r.checks_failed,
        r.n_values_active,
        r.n_values_apply,
        r.n_values_litigation,
        len(r.warnings) AS n_warnings,
        a.region_status,
        a.region_code,
        k.status AS carryover_status
    FROM reports r
    JOIN dim_agency a USING (agency_id)
    LEFT JOIN check_carryover k ON k.agency_id = r.agency_id AND k.year = r.year
    WHERE r.is_current
),
per_unit AS (  -- per rollup unit (region_rollup; NULL for an unresolved agency) and year first
    SELECT
        g.rollup_code,
        c.year,
        count(*) AS reports,
        sum(c.versions) AS report_versions,
        count(*) FILTER (WHERE c.checks_failed > 0) AS reports_failed_identity,
        sum(c.checks_failed) AS failed_identities,
        count(*) FILTER (WHERE c.n_values_active = 0) AS reports_missing_active,
        count(*) FILTER (WHERE c.n_values_apply = 0) AS reports_missing_apply,
        count(*) FILTER (WHERE c.n_values_litigation = 0) AS reports_missing_litigation,
        count(*) FILTER (WHERE c.n_warnings > 0) AS reports_with_warnings,
        count(*) FILTER (WHERE c.region_status NOT IN ('resolved', 'central')) AS unresolved_region_reports,
        count(*) FILTER (WHERE c.region_status = 'ambiguous') AS ambiguous_region_reports,
        count(*) FILTER (WHERE c.region_status = 'central') AS central_reports,
        count(*) FILTER (WHERE c.carryover_status IN ('ok', 'mismatch')) AS carryover_checked,
        count(*) FILTER (WHERE c.carryover_status = 'mismatch') AS carryover_mismatches,
        count(*) FILTER (WHERE c.carryover_status = 'not_checkable') AS carryover_not_checkable
    FROM cur c
    LEFT JOIN dim_region g ON g.code = c.region_code
    GROUP BY ALL
),
per_region AS (
    SELECT * FROM sum_per_region(per_unit)
    UNION ALL
    SELECT 'national', NULL, '全国', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           year, sum(COLUMNS(* EXCLUDE (rollup_code, year)))::BIGINT
    FROM per_unit
    GROUP BY year
    UNION ALL
    SELECT 'unresolved', NULL, '未定位地区', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
           year, sum(COLUMNS(* EXCLUDE (rollup_code, year)))::BIGINT
    FROM per_unit
    WHERE rollup_code IS NULL
    GROUP BY year
),
documents_row AS (
    SELECT
        'national' AS level, NULL AS region_code, '全国' AS region_name, NULL AS parent_code, NULL AS parent_name,
        NULL AS province_code, NULL AS province, NULL AS city_code, NULL AS city, NULL AS county_code,
        NULL AS county, NULL::INTEGER AS year,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        count(*) FILTER (WHERE status = 'failed'),
        count(*) FILTER (WHERE status = 'pending'),
        count(*) FILTER (WHERE status = 'parsed' AND version_rank = 0)
    FROM reports
)
SELECT *, NULL::BIGINT AS documents_failed, NULL::BIGINT AS documents_pending, NULL::BIGINT AS documents_unattributed
FROM per_region
UNION ALL
SELECT * FROM documents_row
ORDER BY level, region_code NULLS FIRST, year NULLS FIRST;

COMMENT ON VIEW mart_data_quality IS '数据质量集市：各层级地区每年的报告数、勾稽关系不符、整部分缺失、地区未定位、跨年结转校验；解析失败等无年度的文档计在年度为空的全国行';
COMMENT ON COLUMN mart_data_quality.level IS '层级：national（全国）、province、city、county、unresolved（区划未定位的机关）';
COMMENT ON COLUMN mart_data_quality.region_code IS '地区代码；全国与未定位为空';
COMMENT ON COLUMN mart_data_quality.region_name IS '地区名称';
COMMENT ON COLUMN mart_data_quality.parent_code IS '上级地区代码';
COMMENT ON COLUMN mart_data_quality.parent_name IS '上级地区名称';
COMMENT ON COLUMN mart_data_quality.province_code IS '所属省级代码';
COMMENT ON COLUMN mart_data_quality.province IS '所属省级名称';
COMMENT ON COLUMN mart_data_quality.city_code IS '所属市级汇总单元代码';
COMMENT ON COLUMN mart_data_quality.city IS '所属市级汇总单元名称';
COMMENT ON COLUMN mart_data_quality.county_code IS '所属县级代码';
COMMENT ON COLUMN mart_data_quality.county IS '所属县级名称';
COMMENT ON COLUMN mart_data_quality.year IS '报告年度；为空的一行统计无年度可归的文档';
COMMENT ON COLUMN mart_data_quality.reports IS '当前报告数（机关 × 年度）';
COMMENT ON COLUMN mart_data_quality.report_versions IS '这些机关年度的已解析文档总数（含被取代的版本与重复）';
COMMENT ON COLUMN mart_data_quality.reports_failed_identity IS '勾稽关系有不符的报告数';
COMMENT ON COLUMN mart_data_quality.failed_identities IS '不符的勾稽关系条数';
COMMENT ON COLUMN mart_data_quality.reports_missing_active IS '第二部分（主动公开）整部分缺失的报告数';
COMMENT ON COLUMN mart_data_quality.reports_missing_apply IS '第三部分（依申请公开）整部分缺失的报告数';
COMMENT ON COLUMN mart_data_quality.reports_missing_litigation IS '第四部分（复议诉讼）整部分缺失的报告数';
COMMENT ON COLUMN mart_data_quality.reports_with_warnings IS '有解析警告的报告数';
COMMENT ON COLUMN mart_data_quality.unresolved_region_reports IS '区划未定位的报告数（不计入地区集市，见 dq_unresolved_agencies）';
COMMENT ON COLUMN mart_data_quality.ambiguous_region_reports IS '其中同名多处、缺上下文而未定位的报告数';
COMMENT ON COLUMN mart_data_quality.central_reports IS '中央部委报告数';
COMMENT ON COLUMN mart_data_quality.carryover_checked IS '可做跨年结转校验的报告数（本年上年结转与上年结转下年度均有值）';
COMMENT ON COLUMN mart_data_quality.carryover_mismatches IS '跨年结转不符的报告数（见 check_carryover）';
COMMENT ON COLUMN mart_data_quality.carryover_not_checkable IS '有上年报告但有值为空、无法校验的报告数';
COMMENT ON COLUMN mart_data_quality.documents_failed IS '解析失败的文档数（仅年度为空的全国行）';
COMMENT ON COLUMN mart_data_quality.documents_pending IS '尚未解析的文档数（仅年度为空的全国行）';
COMMENT ON COLUMN mart_data_quality.documents_unattributed IS '已解析但缺机关、年度或表格格式而无法归属的文档数（仅年度为空的全国行）';
