-- mart_region_comparison: one row per region and year with the headline figures of the three region marts,
-- the rank among sibling regions (same level and parent, same year; the central bucket is not ranked) and the
-- change on the previous year. Ranks skip regions whose figure is NULL; changes in % are NULL when last
-- year's figure is below min_rate_base() = 5.
CREATE OR REPLACE VIEW mart_region_comparison AS
WITH cur AS (
    SELECT
        a.level, a.region_code, a.region_name, a.parent_code, a.parent_name, a.province_code, a.province,
        a.city_code, a.city, a.county_code, a.county, a.year,
        a.agencies_reporting,
        a.new_received_total AS applications,
        a.processed_total AS processed,
        a.disclosure_rate_base,
        a.disclosure_rate,
        fe.admin_fees_10k_yuan,
        fe.info_processing_fee_yuan,
        fe.agencies_charging_any,
        l.review_total AS reviews,
        l.suit_total AS suits,
        l.review_concluded,
        l.review_correction_rate,
        l.suit_concluded,
        l.suit_correction_rate
    FROM mart_region_applications a
    JOIN mart_region_fees fe USING (level, region_code, year)
    JOIN mart_region_litigation l USING (level, region_code, year)
),
ranked AS (
    SELECT
        *,
        count(*) FILTER (WHERE region_code <> '000000') OVER (PARTITION BY level, parent_code, year) AS siblings,
        CASE WHEN applications IS NOT NULL AND region_code <> '000000' THEN rank() OVER (
            PARTITION BY level, parent_code, year, applications IS NULL, region_code = '000000'
            ORDER BY applications DESC
        ) END AS rank_applications,
        CASE WHEN disclosure_rate IS NOT NULL AND region_code <> '000000' THEN rank() OVER (
            PARTITION BY level, parent_code, year, disclosure_rate IS NULL, region_code = '000000'
            ORDER BY disclosure_rate DESC
        ) END AS rank_disclosure_rate
    FROM cur
)
SELECT
    c.*,
    p.agencies_reporting AS agencies_reporting_previous_year,
    p.applications AS applications_previous_year,
    c.applications - p.applications AS applications_change,
    CASE WHEN p.applications >= min_rate_base()
        THEN round(100.0 * (c.applications - p.applications) / p.applications, 2) END AS applications_change_pct,
    p.disclosure_rate AS disclosure_rate_previous_year,
    round(c.disclosure_rate - p.disclosure_rate, 4) AS disclosure_rate_change
FROM ranked c
LEFT JOIN cur p ON p.level = c.level AND p.region_code = c.region_code AND p.year = c.year - 1
ORDER BY c.level, c.region_code, c.year;

COMMENT ON VIEW mart_region_comparison IS '地区比较集市：每个地区每年一行，含主要指标、在同级兄弟地区中的排名及较上年的变化';
COMMENT ON COLUMN mart_region_comparison.year IS '报告年度';
COMMENT ON COLUMN mart_region_comparison.agencies_reporting IS '报告机关数';
COMMENT ON COLUMN mart_region_comparison.applications IS '本年新收申请数（总计）';
COMMENT ON COLUMN mart_region_comparison.processed IS '本年办理数（（七）总计）';
COMMENT ON COLUMN mart_region_comparison.disclosure_rate_base IS '公开率分母（（七）总计）';
COMMENT ON COLUMN mart_region_comparison.disclosure_rate IS '公开率：（（一）+（二））/（七）；分母小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_comparison.admin_fees_10k_yuan IS '行政事业性收费（万元）';
COMMENT ON COLUMN mart_region_comparison.info_processing_fee_yuan IS '信息处理费（元）';
COMMENT ON COLUMN mart_region_comparison.agencies_charging_any IS '收取任一费用的机关数';
COMMENT ON COLUMN mart_region_comparison.reviews IS '行政复议总数';
COMMENT ON COLUMN mart_region_comparison.suits IS '行政诉讼总数（直接起诉 + 复议后起诉）';
COMMENT ON COLUMN mart_region_comparison.review_concluded IS '行政复议已审结数（纠错率分母）';
COMMENT ON COLUMN mart_region_comparison.review_correction_rate IS '行政复议纠错率；分母小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_comparison.suit_concluded IS '行政诉讼已审结数（纠错率分母）';
COMMENT ON COLUMN mart_region_comparison.suit_correction_rate IS '行政诉讼纠错率；分母小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_comparison.siblings IS '同级兄弟地区数：同一上级、同一年度有数据的地区数（不含中央）';
COMMENT ON COLUMN mart_region_comparison.rank_applications IS '申请数排名：在兄弟地区中按本年新收申请数从多到少（并列同名次）';
COMMENT ON COLUMN mart_region_comparison.rank_disclosure_rate IS '公开率排名：在兄弟地区中按公开率从高到低；公开率为 NULL 不排名';
COMMENT ON COLUMN mart_region_comparison.agencies_reporting_previous_year IS '上年报告机关数（比较时留意口径变化）';
COMMENT ON COLUMN mart_region_comparison.applications_previous_year IS '上年新收申请数';
COMMENT ON COLUMN mart_region_comparison.applications_change IS '新收申请数较上年增减';
COMMENT ON COLUMN mart_region_comparison.applications_change_pct IS '新收申请数较上年增减百分比；上年小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_comparison.disclosure_rate_previous_year IS '上年公开率';
COMMENT ON COLUMN mart_region_comparison.disclosure_rate_change IS '公开率较上年变化（比例差）';
