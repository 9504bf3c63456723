-- mart_region_litigation: administrative review and litigation (section 四) by outcome, summed over the agencies
-- of each province, city and county and year; correction rate 纠正/(总计−尚未审结) and cases per 100 new
-- applications, NULL when the denominator (published beside) is below min_rate_base() = 5.
-- A view over region_year_totals, which sums every regional mart's figures in one aggregation.
CREATE OR REPLACE VIEW mart_region_litigation AS
SELECT
    level, region_code, region_name, parent_code, parent_name, province_code, province, city_code, city,
    county_code, county, year,
    agencies_reporting,
    review_upheld,
    review_corrected,
    review_other,
    review_pending,
    review_total,
    direct_suit_upheld,
    direct_suit_corrected,
    direct_suit_other,
    direct_suit_pending,
    direct_suit_total,
    suit_after_review_upheld,
    suit_after_review_corrected,
    suit_after_review_other,
    suit_after_review_pending,
    suit_after_review_total,
    suit_upheld,
    suit_corrected,
    suit_other,
    suit_pending,
    suit_total,
    review_concluded,
    rate(review_corrected_concluded, review_concluded) AS review_correction_rate,
    suit_concluded,
    rate(suit_corrected_concluded, suit_concluded) AS suit_correction_rate,
    review_per_100_base,
    per_100(reviews_beside_applications, review_per_100_base) AS reviews_per_100_applications,
    suit_per_100_base,
    per_100(suits_beside_applications, suit_per_100_base) AS suits_per_100_applications
FROM region_year_totals
ORDER BY level, region_code, year;

COMMENT ON VIEW mart_region_litigation IS '地区复议诉讼集市：各省、市、县每年的行政复议、行政诉讼（直接起诉、复议后起诉）各结果数、纠错率与每百件申请的复议诉讼数';
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
