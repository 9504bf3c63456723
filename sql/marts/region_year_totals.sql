-- region_year_totals: every sum and count the regional marts read, per province, city and county
-- (agency_region_rollup) and year, in one aggregation over agency_year_figures. mart_region_applications,
-- mart_region_fees and mart_region_litigation are views over it that add their rates, and
-- mart_region_comparison a view over those: the agencies are aggregated once for all of them, and the build
-- writes one table of region-years instead of four (at 10,000 reports there are nearly as many region-years as
-- reports: the four mart tables, aggregated and written one by one, were over a third of a build).
-- Counts are sums over the agencies that give the value (an agency's NULL is skipped, never taken as 0); each
-- rate's numerator and denominator come from the agencies giving every input of that rate.
-- Summed per rollup unit (region_rollup) and year first, then per region: the agencies are aggregated once,
-- not once per level.
CREATE OR REPLACE TABLE region_year_totals AS
WITH per_unit AS (
    SELECT
        g.rollup_code,
        f.year,
        -- agencies_reporting is every region mart's; then mart_region_applications
        count(*) AS agencies_reporting,
        count(f.new_received_total) AS agencies_with_applications,
        sum(f.new_received_natural_person) AS new_received_natural_person,
        sum(f.new_received_commercial_enterprise) AS new_received_commercial_enterprise,
        sum(f.new_received_research_institution) AS new_received_research_institution,
        sum(f.new_received_public_interest_org) AS new_received_public_interest_org,
        sum(f.new_received_legal_service_org) AS new_received_legal_service_org,
        sum(f.new_received_other_org) AS new_received_other_org,
        sum(f.new_received_total) AS new_received_total,
        sum(f.new_received_legal_person) AS new_received_legal_person,
        sum(f.carried_over_natural_person) AS carried_over_natural_person,
        sum(f.carried_over_commercial_enterprise) AS carried_over_commercial_enterprise,
        sum(f.carried_over_research_institution) AS carried_over_research_institution,
        sum(f.carried_over_public_interest_org) AS carried_over_public_interest_org,
        sum(f.carried_over_legal_service_org) AS carried_over_legal_service_org,
        sum(f.carried_over_other_org) AS carried_over_other_org,
        sum(f.carried_over_total) AS carried_over_total,
        sum(f.processed_natural_person) AS processed_natural_person,
        sum(f.processed_commercial_enterprise) AS processed_commercial_enterprise,
        sum(f.processed_research_institution) AS processed_research_institution,
        sum(f.processed_public_interest_org) AS processed_public_interest_org,
        sum(f.processed_legal_service_org) AS processed_legal_service_org,
        sum(f.processed_other_org) AS processed_other_org,
        sum(f.processed_total) AS processed_total,
        sum(f.carried_forward_natural_person) AS carried_forward_natural_person,
        sum(f.carried_forward_commercial_enterprise) AS carried_forward_commercial_enterprise,
        sum(f.carried_forward_research_institution) AS carried_forward_research_institution,
        sum(f.carried_forward_public_interest_org) AS carried_forward_public_interest_org,
        sum(f.carried_forward_legal_service_org) AS carried_forward_legal_service_org,
        sum(f.carried_forward_other_org) AS carried_forward_other_org,
        sum(f.carried_forward_total) AS carried_forward_total,
        sum(f.granted) AS granted,
        sum(f.partially_granted) AS partially_granted,
        sum(f.denied) AS denied,
        sum(f.denied_state_secret) AS denied_state_secret,
        sum(f.denied_prohibited_by_law) AS denied_prohibited_by_law,
        sum(f.denied_security_stability) AS denied_security_stability,
        sum(f.denied_third_party_rights) AS denied_third_party_rights,
        sum(f.denied_internal_affairs) AS denied_internal_affairs,
        sum(f.denied_process_info) AS denied_process_info,
        sum(f.denied_enforcement_file) AS denied_enforcement_file,
        sum(f.denied_query_matter) AS denied_query_matter,
        sum(f.unable) AS unable,
        sum(f.unable_not_held) AS unable_not_held,
        sum(f.unable_needs_creation) AS unable_needs_creation,
        sum(f.unable_unclear) AS unable_unclear,
        sum(f.rejected) AS rejected,
        sum(f.rejected_petition) AS rejected_petition,
        sum(f.rejected_repeated) AS rejected_repeated,
        sum(f.rejected_publication) AS rejected_publication,
        sum(f.rejected_excessive) AS rejected_excessive,
        sum(f.rejected_confirm) AS rejected_confirm,
        sum(f.other) AS other,
        -- the inputs of its rates, from the agencies giving every input of that rate
        sum(f.processed_total) FILTER (WHERE f.mix_complete) AS outcome_mix_base,
        sum(f.granted) FILTER (WHERE f.mix_complete) AS mix_granted,
        sum(f.partially_granted) FILTER (WHERE f.mix_complete) AS mix_partially_granted,
        sum(f.denied) FILTER (WHERE f.mix_complete) AS mix_denied,
        sum(f.unable) FILTER (WHERE f.mix_complete) AS mix_unable,
        sum(f.rejected) FILTER (WHERE f.mix_complete) AS mix_rejected,
        sum(f.other) FILTER (WHERE f.mix_complete) AS mix_other,
        sum(f.processed_total) FILTER (WHERE f.disclosure_complete) AS disclosure_rate_base,
        sum(f.granted + f.partially_granted) FILTER (WHERE f.disclosure_complete) AS disclosed,
        sum(f.new_received_total) FILTER (WHERE f.legal_complete) AS legal_person_share_base,
        sum(f.new_received_legal_person) FILTER (WHERE f.legal_complete) AS legal_persons,
        -- mart_region_fees
        sum(f.admin_fees_10k_yuan) AS admin_fees_10k_yuan,
        count(f.admin_fees_10k_yuan) AS agencies_with_admin_fees_figure,
        sum(f.info_processing_fee_yuan) AS info_processing_fee_yuan,
        count(f.info_processing_fee_yuan) AS agencies_with_info_fee_figure,
        count(*) FILTER (WHERE f.admin_fees_10k_yuan > 0) AS agencies_charging_admin_fees,
        count(*) FILTER (WHERE f.info_processing_fee_yuan > 0) AS agencies_charging_info_fee,
        count(*) FILTER (WHERE f.admin_fees_10k_yuan > 0 OR f.info_processing_fee_yuan > 0) AS agencies_charging_any,
        -- mart_region_litigation
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
        -- the inputs of its rates, from the agencies giving every input of that rate
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
            (processed_total IS NOT NULL AND granted IS NOT NULL AND partially_granted IS NOT NULL AND denied IS NOT NULL
                AND unable IS NOT NULL AND rejected IS NOT NULL AND other IS NOT NULL) AS mix_complete,
            (granted IS NOT NULL AND partially_granted IS NOT NULL AND processed_total IS NOT NULL) AS disclosure_complete,
            (new_received_legal_person IS NOT NULL AND new_received_total IS NOT NULL) AS legal_complete,
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
    u.* EXCLUDE (rollup_code),  -- the region keys, commented once on agency_region_rollup
    p.year,
    sum(COLUMNS(p.* EXCLUDE (rollup_code, year, admin_fees_10k_yuan, info_processing_fee_yuan)))::BIGINT,
    sum(p.admin_fees_10k_yuan)::DECIMAL(18, 4) AS admin_fees_10k_yuan,
    sum(p.info_processing_fee_yuan)::DECIMAL(18, 4) AS info_processing_fee_yuan
FROM per_unit p
JOIN region_rollup u USING (rollup_code)
GROUP BY ALL;

COMMENT ON TABLE region_year_totals IS '地区年度合计表：各省、市、县每年各地区集市所需的全部合计数（申请、收费、复议诉讼及各比率的分子分母），地区集市为其上的视图';
COMMENT ON COLUMN region_year_totals.year IS '报告年度';
COMMENT ON COLUMN region_year_totals.agencies_reporting IS '报告机关数：该地区该年度有当前报告的机关数';
COMMENT ON COLUMN region_year_totals.agencies_with_applications IS '给出本年新收申请总数的机关数（申请数各列的求和范围）';
COMMENT ON COLUMN region_year_totals.new_received_natural_person IS '本年新收申请·自然人：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.new_received_commercial_enterprise IS '本年新收申请·商业企业：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.new_received_research_institution IS '本年新收申请·科研机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.new_received_public_interest_org IS '本年新收申请·社会公益组织：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.new_received_legal_service_org IS '本年新收申请·法律服务机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.new_received_other_org IS '本年新收申请·其他：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.new_received_total IS '本年新收申请·总计：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.new_received_legal_person IS '本年新收申请·法人或其他组织：五类之和，各机关之和';
COMMENT ON COLUMN region_year_totals.carried_over_natural_person IS '上年结转申请·自然人：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_over_commercial_enterprise IS '上年结转申请·商业企业：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_over_research_institution IS '上年结转申请·科研机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_over_public_interest_org IS '上年结转申请·社会公益组织：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_over_legal_service_org IS '上年结转申请·法律服务机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_over_other_org IS '上年结转申请·其他：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_over_total IS '上年结转申请·总计：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.processed_natural_person IS '本年办理（（七）总计）·自然人：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.processed_commercial_enterprise IS '本年办理（（七）总计）·商业企业：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.processed_research_institution IS '本年办理（（七）总计）·科研机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.processed_public_interest_org IS '本年办理（（七）总计）·社会公益组织：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.processed_legal_service_org IS '本年办理（（七）总计）·法律服务机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.processed_other_org IS '本年办理（（七）总计）·其他：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.processed_total IS '本年办理（（七）总计）·总计：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_forward_natural_person IS '结转下年度继续办理·自然人：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_forward_commercial_enterprise IS '结转下年度继续办理·商业企业：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_forward_research_institution IS '结转下年度继续办理·科研机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_forward_public_interest_org IS '结转下年度继续办理·社会公益组织：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_forward_legal_service_org IS '结转下年度继续办理·法律服务机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_forward_other_org IS '结转下年度继续办理·其他：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.carried_forward_total IS '结转下年度继续办理·总计：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN region_year_totals.granted IS '予以公开：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.partially_granted IS '部分公开：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied IS '不予公开（合计）：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied_state_secret IS '不予公开·1.属于国家秘密：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied_prohibited_by_law IS '不予公开·2.其他法律行政法规禁止公开：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied_security_stability IS '不予公开·3.危及“三安全一稳定”：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied_third_party_rights IS '不予公开·4.保护第三方合法权益：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied_internal_affairs IS '不予公开·5.属于三类内部事务信息：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied_process_info IS '不予公开·6.属于四类过程性信息：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied_enforcement_file IS '不予公开·7.属于行政执法案卷：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.denied_query_matter IS '不予公开·8.属于行政查询事项：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.unable IS '无法提供（合计）：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.unable_not_held IS '无法提供·1.本机关不掌握相关政府信息：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.unable_needs_creation IS '无法提供·2.没有现成信息需要另行制作：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.unable_unclear IS '无法提供·3.补正后申请内容仍不明确：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.rejected IS '不予处理（合计）：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.rejected_petition IS '不予处理·1.信访举报投诉类申请：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.rejected_repeated IS '不予处理·2.重复申请：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.rejected_publication IS '不予处理·3.要求提供公开出版物：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.rejected_excessive IS '不予处理·4.无正当理由大量反复申请：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.rejected_confirm IS '不予处理·5.要求行政机关确认或重新出具已获取信息：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.other IS '其他处理：办理结果，总计列，各机关之和';
COMMENT ON COLUMN region_year_totals.outcome_mix_base IS '办理结果构成的分母：六类结果均已给出的机关的（七）总计之和';
COMMENT ON COLUMN region_year_totals.mix_granted IS '予以公开（构成分子）：六类结果均已给出的机关之和，outcome_mix_base 的同一范围';
COMMENT ON COLUMN region_year_totals.mix_partially_granted IS '部分公开（构成分子）：六类结果均已给出的机关之和';
COMMENT ON COLUMN region_year_totals.mix_denied IS '不予公开（构成分子）：六类结果均已给出的机关之和';
COMMENT ON COLUMN region_year_totals.mix_unable IS '无法提供（构成分子）：六类结果均已给出的机关之和';
COMMENT ON COLUMN region_year_totals.mix_rejected IS '不予处理（构成分子）：六类结果均已给出的机关之和';
COMMENT ON COLUMN region_year_totals.mix_other IS '其他处理（构成分子）：六类结果均已给出的机关之和';
COMMENT ON COLUMN region_year_totals.disclosure_rate_base IS '公开率分母：（一）（二）（七）均已给出的机关的（七）总计之和';
COMMENT ON COLUMN region_year_totals.disclosed IS '公开率分子：（一）予以公开 +（二）部分公开，取 disclosure_rate_base 的同一范围';
COMMENT ON COLUMN region_year_totals.legal_person_share_base IS '法人占比分母：申请人各列均已给出的机关的本年新收总数之和';
COMMENT ON COLUMN region_year_totals.legal_persons IS '法人占比分子：本年新收申请中法人或其他组织之和，取 legal_person_share_base 的同一范围';
COMMENT ON COLUMN region_year_totals.admin_fees_10k_yuan IS '行政事业性收费（万元）：各机关之和，未给出的机关不计入；均未给出为 NULL';
COMMENT ON COLUMN region_year_totals.agencies_with_admin_fees_figure IS '给出行政事业性收费金额的机关数（2019 格式无此项）';
COMMENT ON COLUMN region_year_totals.info_processing_fee_yuan IS '信息处理费（元）：各机关之和，未给出的机关不计入；均未给出为 NULL';
COMMENT ON COLUMN region_year_totals.agencies_with_info_fee_figure IS '给出信息处理费金额的机关数（2019 格式无此项）';
COMMENT ON COLUMN region_year_totals.agencies_charging_admin_fees IS '收取行政事业性收费（金额大于 0）的机关数';
COMMENT ON COLUMN region_year_totals.agencies_charging_info_fee IS '收取信息处理费（金额大于 0）的机关数';
COMMENT ON COLUMN region_year_totals.agencies_charging_any IS '收取任一费用（行政事业性收费或信息处理费大于 0）的机关数';
COMMENT ON COLUMN region_year_totals.review_upheld IS '行政复议·结果维持：各机关之和';
COMMENT ON COLUMN region_year_totals.review_corrected IS '行政复议·结果纠正：各机关之和';
COMMENT ON COLUMN region_year_totals.review_other IS '行政复议·其他结果：各机关之和';
COMMENT ON COLUMN region_year_totals.review_pending IS '行政复议·尚未审结：各机关之和';
COMMENT ON COLUMN region_year_totals.review_total IS '行政复议·总计：各机关之和';
COMMENT ON COLUMN region_year_totals.direct_suit_upheld IS '行政诉讼 未经复议直接起诉·结果维持：各机关之和';
COMMENT ON COLUMN region_year_totals.direct_suit_corrected IS '行政诉讼 未经复议直接起诉·结果纠正：各机关之和';
COMMENT ON COLUMN region_year_totals.direct_suit_other IS '行政诉讼 未经复议直接起诉·其他结果：各机关之和';
COMMENT ON COLUMN region_year_totals.direct_suit_pending IS '行政诉讼 未经复议直接起诉·尚未审结：各机关之和';
COMMENT ON COLUMN region_year_totals.direct_suit_total IS '行政诉讼 未经复议直接起诉·总计：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_after_review_upheld IS '行政诉讼 复议后起诉·结果维持：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_after_review_corrected IS '行政诉讼 复议后起诉·结果纠正：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_after_review_other IS '行政诉讼 复议后起诉·其他结果：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_after_review_pending IS '行政诉讼 复议后起诉·尚未审结：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_after_review_total IS '行政诉讼 复议后起诉·总计：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_upheld IS '行政诉讼 合计（直接起诉 + 复议后起诉）·结果维持：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_corrected IS '行政诉讼 合计（直接起诉 + 复议后起诉）·结果纠正：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_other IS '行政诉讼 合计（直接起诉 + 复议后起诉）·其他结果：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_pending IS '行政诉讼 合计（直接起诉 + 复议后起诉）·尚未审结：各机关之和';
COMMENT ON COLUMN region_year_totals.suit_total IS '行政诉讼 合计（直接起诉 + 复议后起诉）·总计：各机关之和';
COMMENT ON COLUMN region_year_totals.review_concluded IS '行政复议已审结数（纠错率分母）：总计 − 尚未审结，取三项均已给出的机关';
COMMENT ON COLUMN region_year_totals.review_corrected_concluded IS '行政复议纠错率分子：结果纠正，取 review_concluded 的同一范围';
COMMENT ON COLUMN region_year_totals.suit_concluded IS '行政诉讼已审结数（纠错率分母）：总计 − 尚未审结，取三项均已给出的机关';
COMMENT ON COLUMN region_year_totals.suit_corrected_concluded IS '行政诉讼纠错率分子：结果纠正，取 suit_concluded 的同一范围';
COMMENT ON COLUMN region_year_totals.review_per_100_base IS '每百件申请行政复议数的分母：两项均已给出的机关的本年新收申请数之和';
COMMENT ON COLUMN region_year_totals.reviews_beside_applications IS '每百件申请行政复议数的分子：行政复议总计，取 review_per_100_base 的同一范围';
COMMENT ON COLUMN region_year_totals.suit_per_100_base IS '每百件申请行政诉讼数的分母：两项均已给出的机关的本年新收申请数之和';
COMMENT ON COLUMN region_year_totals.suits_beside_applications IS '每百件申请行政诉讼数的分子：行政诉讼总计，取 suit_per_100_base 的同一范围';
