-- mart_region_litigation: administrative review and litigation (section 四) by outcome, summed over the agencies
-- of each province, city and county and year; correction rate 纠正/(总计−尚未审结) and cases per 100 new
-- applications, NULL when the denominator (published beside) is below min_rate_base() = 5.
CREATE OR REPLACE TABLE mart_region_litigation AS
SELECT
    u.* EXCLUDE (agency_id),  -- the region keys, commented once on agency_region_rollup
    f.year,
    count(*) AS agencies_reporting,
    sum(f.review_upheld)::BIGINT AS review_upheld,
    sum(f.review_corrected)::BIGINT AS review_corrected,
    sum(f.review_other)::BIGINT AS review_other,
    sum(f.review_pending)::BIGINT AS review_pending,
    sum(f.review_total)::BIGINT AS review_total,
    sum(f.direct_suit_upheld)::BIGINT AS direct_suit_upheld,
    sum(f.direct_suit_corrected)::BIGINT AS direct_suit_corrected,
    sum(f.direct_suit_other)::BIGINT AS direct_suit_other,
    sum(f.direct_suit_pending)::BIGINT AS direct_suit_pending,
    sum(f.direct_suit_total)::BIGINT AS direct_suit_total,
    sum(f.suit_after_review_upheld)::BIGINT AS suit_after_review_upheld,
    sum(f.suit_after_review_corrected)::BIGINT AS suit_after_review_corrected,
    sum(f.suit_after_review_other)::BIGINT AS suit_after_review_other,
    sum(f.suit_after_review_pending)::BIGINT AS suit_after_review_pending,
    sum(f.suit_after_review_total)::BIGINT AS suit_after_review_total,
    sum(f.suit_upheld)::BIGINT AS suit_upheld,
    sum(f.suit_corrected)::BIGINT AS suit_corrected,
    sum(f.suit_other)::BIGINT AS suit_other,
    sum(f.suit_pending)::BIGINT AS suit_pending,
    sum(f.suit_total)::BIGINT AS suit_total,
    sum(f.review_total - f.review_pending) FILTER (WHERE f.review_corrected IS NOT NULL AND f.review_total IS NOT NULL AND f.review_pending IS NOT NULL)::BIGINT AS review_concluded,
    rate(sum(f.review_corrected) FILTER (WHERE f.review_corrected IS NOT NULL AND f.review_total IS NOT NULL AND f.review_pending IS NOT NULL), sum(f.review_total - f.review_pending) FILTER (WHERE f.review_corrected IS NOT NULL AND f.review_total IS NOT NULL AND f.review_pending IS NOT NULL)) AS review_correction_rate,
    sum(f.suit_total - f.suit_pending) FILTER (WHERE f.suit_corrected IS NOT NULL AND f.suit_total IS NOT NULL AND f.suit_pending IS NOT NULL)::BIGINT AS suit_concluded,
    rate(sum(f.suit_corrected) FILTER (WHERE f.suit_corrected IS NOT NULL AND f.suit_total IS NOT NULL AND f.suit_pending IS NOT NULL), sum(f.suit_total - f.suit_pending) FILTER (WHERE f.suit_corrected IS NOT NULL AND f.suit_total IS NOT NULL AND f.suit_pending IS NOT NULL)) AS suit_correction_rate,
    sum(f.new_received_total) FILTER (WHERE f.review_total IS NOT NULL AND f.new_received_total IS NOT NULL)::BIGINT AS review_per_100_base,
    per_100(sum(f.review_total) FILTER (WHERE f.review_total IS NOT NULL AND f.new_received_total IS NOT NULL), sum(f.new_received_total) FILTER (WHERE f.review_total IS NOT NULL AND f.new_received_total IS NOT NULL)) AS reviews_per_100_applications,
    sum(f.new_received_total) FILTER (WHERE f.suit_total IS NOT NULL AND f.new_received_total IS NOT NULL)::BIGINT AS suit_per_100_base,
    per_100(sum(f.suit_total) FILTER (WHERE f.suit_total IS NOT NULL AND f.new_received_total IS NOT NULL), sum(f.new_received_total) FILTER (WHERE f.suit_total IS NOT NULL AND f.new_received_total IS NOT NULL)) AS suits_per_100_applications
FROM agency_year_figures f
JOIN agency_region_rollup u USING (agency_id)
GROUP BY ALL
ORDER BY u.level, u.region_code, f.year;

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
