-- mart_region_litigation: administrative review and litigation (section 四) by outcome, summed over the agencies
-- of each province, city and county and year; correction rate 纠正/(总计−尚未审结) and cases per 100 new
-- applications, NULL when the denominator (published beside) is below min_rate_base() = 5.
-- Summed per rollup unit (region_rollup) and year first, then per region: the agencies are aggregated once,
-- not once per level.
CREATE OR REPLACE TABLE mart_region_litigation AS
WITH per_unit AS (
    SELECT
        g.rollup_code,
        f.year,
        count(*) AS agencies_reporting,
        sum(f.review_upheld) AS review_upheld,
        sum(f.review_corrected) AS review_corrected,
        sum(f.review_other) AS review_other,
        sum(f.review_pending) AS review_pending,
        sum(f.review_total) AS review_total,
        sum(f.direct_suit_upheld) AS direct_suit_upheld,
        sum(f.direct_suit_corrected) AS direct_suit_corrected,
        sum(f.direct_suit_other) AS direct_suit_other,
        sum(f.direct_suit_pending) AS direct_suit_pending,
        sum(f.direct_suit_total) AS direct_suit_total,
        sum(f.suit_after_review_upheld) AS suit_after_review_upheld,
        sum(f.suit_after_review_corrected) AS suit_after_review_corrected,
        sum(f.suit_after_review_other) AS suit_after_review_other,
        sum(f.suit_after_review_pending) AS suit_after_review_pending,
        sum(f.suit_after_review_total) AS suit_after_review_total,
        sum(f.suit_upheld) AS suit_upheld,
        sum(f.suit_corrected) AS suit_corrected,
        sum(f.suit_other) AS suit_other,
        sum(f.suit_pending) AS suit_pending,
        sum(f.suit_total) AS suit_total,
        -- the inputs of the rates, from the agencies giving every input of that rate
        sum(f.review_total - f.review_pending) FILTER (WHERE f.review_rate_complete) AS review_concluded,
        sum(f.review_corrected) FILTER (WHERE f.review_rate_complete) AS review_corrected_concluded,
        sum(f.suit_total - f.suit_pending) FILTER (WHERE f.suit_rate_complete) AS suit_concluded,
        sum(f.suit_corrected) FILTER (WHERE f.suit_rate_complete) AS suit_corrected_concluded,
        sum(f.new_received_total) FILTER (WHERE f.review_total IS NOT NULL AND f.new_received_total IS NOT NULL)
            AS review_per_100_base,
        sum(f.review_total) FILTER (WHERE f.review_total IS NOT NULL AND f.new_received_total IS NOT NULL)
            AS reviews_beside_applications,
        sum(f.new_received_total) FILTER (WHERE f.suit_total IS NOT NULL AND f.new_received_total IS NOT NULL)
            AS suit_per_100_base,
        sum(f.suit_total) FILTER (WHERE f.suit_total IS NOT NULL AND f.new_received_total IS NOT NULL)
            AS suits_beside_applications
    FROM (
        SELECT
            *,
            (review_corrected IS NOT NULL AND review_total IS NOT NULL AND review_pending IS NOT NULL)
                AS review_rate_complete,
            (suit_corrected IS NOT NULL AND suit_total IS NOT NULL AND suit_pending IS NOT NULL) AS suit_rate_complete
        FROM agency_year_figures
    ) f
    JOIN dim_agency a USING (agency_id)
    JOIN dim_region g ON g.code = a.region_code
    GROUP BY ALL
)
SELECT
    * EXCLUDE (review_concluded, review_corrected_concluded, suit_concluded, suit_corrected_concluded,
               review_per_100_base, reviews_beside_applications, suit_per_100_base, suits_beside_applications),
    review_concluded,
    rate(review_corrected_concluded, review_concluded) AS review_correction_rate,
    suit_concluded,
    rate(suit_corrected_concluded, suit_concluded) AS suit_correction_rate,
    review_per_100_base,
    per_100(reviews_beside_applications, review_per_100_base) AS reviews_per_100_applications,
    suit_per_100_base,
    per_100(suits_beside_applications, suit_per_100_base) AS suits_per_100_applications
FROM sum_per_region(per_unit)  -- per region and year, the region keys in front
ORDER BY level, region_code, year;

COMMENT ON TABLE mart_region_litigation IS '地区复议诉讼集市：各省、市、县每年的行政复议、行政诉讼（直接起诉、复议后起诉）各结果数、纠错率与每百件申请的复议诉讼数';
COMMENT ON COLUMN mart_region_litigation.year IS '报告年度';
COMMENT ON COLUMN mart_region_litigation.agencies_reporting IS '报告机关数：该地区该年度有当前报告的机关数';
COMMENT ON COLUMN mart_region_litigation.review_upheld IS '行政复议·结果维持：各机关之和';
COMMENT ON COLUMN mart_region_litigation.review_corrected IS '行政复议·结果纠正：各机关之和';
COMMENT ON COLUMN mart_region_litigation.review_other IS '行政复议·其他结果：各机关之和';
COMMENT ON COLUMN mart_region_litigation.review_pending IS '行政复议·尚未审结：各机关之和';
COMMENT ON COLUMN mart_region_litigation.review_total IS '行政复议·总计：各机关之和';
COMMENT ON COLUMN mart_region_litigation.direct_suit_upheld IS '行政诉讼 未经复议直接起诉·结果维持：各机关之和';
COMMENT ON COLUMN mart_region_litigation.direct_suit_corrected IS '行政诉讼 未经复议直接起诉·结果纠正：各机关之和';
COMMENT ON COLUMN mart_region_litigation.direct_suit_other IS '行政诉讼 未经复议直接起诉·其他结果：各机关之和';
COMMENT ON COLUMN mart_region_litigation.direct_suit_pending IS '行政诉讼 未经复议直接起诉·尚未审结：各机关之和';
COMMENT ON COLUMN mart_region_litigation.direct_suit_total IS '行政诉讼 未经复议直接起诉·总计：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_after_review_upheld IS '行政诉讼 复议后起诉·结果维持：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_after_review_corrected IS '行政诉讼 复议后起诉·结果纠正：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_after_review_other IS '行政诉讼 复议后起诉·其他结果：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_after_review_pending IS '行政诉讼 复议后起诉·尚未审结：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_after_review_total IS '行政诉讼 复议后起诉·总计：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_upheld IS '行政诉讼 合计（直接起诉 + 复议后起诉）·结果维持：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_corrected IS '行政诉讼 合计（直接起诉 + 复议后起诉）·结果纠正：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_other IS '行政诉讼 合计（直接起诉 + 复议后起诉）·其他结果：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_pending IS '行政诉讼 合计（直接起诉 + 复议后起诉）·尚未审结：各机关之和';
COMMENT ON COLUMN mart_region_litigation.suit_total IS '行政诉讼 合计（直接起诉 + 复议后起诉）·总计：各机关之和';
COMMENT ON COLUMN mart_region_litigation.review_concluded IS '行政复议已审结数（纠错率分母）：总计 − 尚未审结，取三项均已给出的机关';
COMMENT ON COLUMN mart_region_litigation.review_correction_rate IS '行政复议纠错率：结果纠正 /（总计 − 尚未审结）；分母小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_litigation.suit_concluded IS '行政诉讼已审结数（纠错率分母）：总计 − 尚未审结，取三项均已给出的机关';
COMMENT ON COLUMN mart_region_litigation.suit_correction_rate IS '行政诉讼纠错率：结果纠正 /（总计 − 尚未审结）；分母小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_litigation.review_per_100_base IS '每百件申请行政复议数的分母：两项均已给出的机关的本年新收申请数之和';
COMMENT ON COLUMN mart_region_litigation.reviews_per_100_applications IS '每百件申请行政复议数：行政复议总计 / 本年新收申请 × 100；分母小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_litigation.suit_per_100_base IS '每百件申请行政诉讼数的分母：两项均已给出的机关的本年新收申请数之和';
COMMENT ON COLUMN mart_region_litigation.suits_per_100_applications IS '每百件申请行政诉讼数：行政诉讼总计 / 本年新收申请 × 100；分母小于 5 件为 NULL';
