-- mart_region_applications: applications (section 三) summed over the agencies of each province, city and
-- county (agency_region_rollup) and year. Counts are sums over the agencies that give the value (an agency's
-- NULL is skipped, never taken as 0); rates use only agencies giving every input of the rate, and are NULL
-- when their denominator (published beside them) is below min_rate_base() = 5.
-- Summed per rollup unit (region_rollup) and year first, then per region: the agencies are aggregated once,
-- not once per level.
CREATE OR REPLACE TABLE mart_region_applications AS
WITH per_unit AS (
    SELECT
        g.rollup_code,
        f.year,
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
        -- the inputs of the rates, from the agencies giving every input of that rate
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
        sum(f.new_received_legal_person) FILTER (WHERE f.legal_complete) AS legal_persons
    FROM (
        SELECT
            *,
            (processed_total IS NOT NULL AND granted IS NOT NULL AND partially_granted IS NOT NULL AND denied IS NOT NULL
                AND unable IS NOT NULL AND rejected IS NOT NULL AND other IS NOT NULL) AS mix_complete,
            (granted IS NOT NULL AND partially_granted IS NOT NULL AND processed_total IS NOT NULL) AS disclosure_complete,
            (new_received_legal_person IS NOT NULL AND new_received_total IS NOT NULL) AS legal_complete
        FROM agency_year_figures
    ) f
    JOIN dim_agency a USING (agency_id)
    JOIN dim_region g ON g.code = a.region_code
    GROUP BY ALL
)
SELECT
    * EXCLUDE (outcome_mix_base, mix_granted, mix_partially_granted, mix_denied, mix_unable, mix_rejected, mix_other,
               disclosure_rate_base, disclosed, legal_person_share_base, legal_persons),
    outcome_mix_base,
    rate(mix_granted, outcome_mix_base) AS granted_share,
    rate(mix_partially_granted, outcome_mix_base) AS partially_granted_share,
    rate(mix_denied, outcome_mix_base) AS denied_share,
    rate(mix_unable, outcome_mix_base) AS unable_share,
    rate(mix_rejected, outcome_mix_base) AS rejected_share,
    rate(mix_other, outcome_mix_base) AS other_share,
    disclosure_rate_base,
    rate(disclosed, disclosure_rate_base) AS disclosure_rate,
    legal_person_share_base,
    rate(legal_persons, legal_person_share_base) AS legal_person_share,
    round(new_received_total / nullif(agencies_with_applications, 0), 2) AS applications_per_agency
FROM sum_per_region(per_unit)  -- per region and year, the region keys in front
ORDER BY level, region_code, year;

COMMENT ON TABLE mart_region_applications IS '地区依申请公开集市：各省、市、县每年的申请收办数量（按申请人类型）、办理结果构成、公开率、法人占比、机关平均申请数';
COMMENT ON COLUMN mart_region_applications.year IS '报告年度';
COMMENT ON COLUMN mart_region_applications.agencies_reporting IS '报告机关数：该地区该年度有当前报告的机关数';
COMMENT ON COLUMN mart_region_applications.agencies_with_applications IS '给出本年新收申请总数的机关数（申请数各列的求和范围）';
COMMENT ON COLUMN mart_region_applications.new_received_natural_person IS '本年新收申请·自然人：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.new_received_commercial_enterprise IS '本年新收申请·商业企业：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.new_received_research_institution IS '本年新收申请·科研机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.new_received_public_interest_org IS '本年新收申请·社会公益组织：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.new_received_legal_service_org IS '本年新收申请·法律服务机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.new_received_other_org IS '本年新收申请·其他：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.new_received_total IS '本年新收申请·总计：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.new_received_legal_person IS '本年新收申请·法人或其他组织：五类之和，各机关之和';
COMMENT ON COLUMN mart_region_applications.carried_over_natural_person IS '上年结转申请·自然人：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_over_commercial_enterprise IS '上年结转申请·商业企业：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_over_research_institution IS '上年结转申请·科研机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_over_public_interest_org IS '上年结转申请·社会公益组织：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_over_legal_service_org IS '上年结转申请·法律服务机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_over_other_org IS '上年结转申请·其他：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_over_total IS '上年结转申请·总计：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.processed_natural_person IS '本年办理（（七）总计）·自然人：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.processed_commercial_enterprise IS '本年办理（（七）总计）·商业企业：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.processed_research_institution IS '本年办理（（七）总计）·科研机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.processed_public_interest_org IS '本年办理（（七）总计）·社会公益组织：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.processed_legal_service_org IS '本年办理（（七）总计）·法律服务机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.processed_other_org IS '本年办理（（七）总计）·其他：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.processed_total IS '本年办理（（七）总计）·总计：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_forward_natural_person IS '结转下年度继续办理·自然人：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_forward_commercial_enterprise IS '结转下年度继续办理·商业企业：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_forward_research_institution IS '结转下年度继续办理·科研机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_forward_public_interest_org IS '结转下年度继续办理·社会公益组织：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_forward_legal_service_org IS '结转下年度继续办理·法律服务机构：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_forward_other_org IS '结转下年度继续办理·其他：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.carried_forward_total IS '结转下年度继续办理·总计：各机关之和，未给出的机关不计入';
COMMENT ON COLUMN mart_region_applications.granted IS '予以公开：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.partially_granted IS '部分公开：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied IS '不予公开（合计）：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied_state_secret IS '不予公开·1.属于国家秘密：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied_prohibited_by_law IS '不予公开·2.其他法律行政法规禁止公开：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied_security_stability IS '不予公开·3.危及“三安全一稳定”：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied_third_party_rights IS '不予公开·4.保护第三方合法权益：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied_internal_affairs IS '不予公开·5.属于三类内部事务信息：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied_process_info IS '不予公开·6.属于四类过程性信息：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied_enforcement_file IS '不予公开·7.属于行政执法案卷：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.denied_query_matter IS '不予公开·8.属于行政查询事项：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.unable IS '无法提供（合计）：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.unable_not_held IS '无法提供·1.本机关不掌握相关政府信息：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.unable_needs_creation IS '无法提供·2.没有现成信息需要另行制作：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.unable_unclear IS '无法提供·3.补正后申请内容仍不明确：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.rejected IS '不予处理（合计）：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.rejected_petition IS '不予处理·1.信访举报投诉类申请：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.rejected_repeated IS '不予处理·2.重复申请：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.rejected_publication IS '不予处理·3.要求提供公开出版物：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.rejected_excessive IS '不予处理·4.无正当理由大量反复申请：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.rejected_confirm IS '不予处理·5.要求行政机关确认或重新出具已获取信息：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.other IS '其他处理：办理结果，总计列，各机关之和';
COMMENT ON COLUMN mart_region_applications.outcome_mix_base IS '办理结果构成的分母：六类结果均已给出的机关的（七）总计之和';
COMMENT ON COLUMN mart_region_applications.granted_share IS '予以公开占比：予以公开 / （七）总计（以 outcome_mix_base 为分母，小于 5 件为 NULL）';
COMMENT ON COLUMN mart_region_applications.partially_granted_share IS '部分公开占比：部分公开 / （七）总计（以 outcome_mix_base 为分母，小于 5 件为 NULL）';
COMMENT ON COLUMN mart_region_applications.denied_share IS '不予公开占比：不予公开 / （七）总计（以 outcome_mix_base 为分母，小于 5 件为 NULL）';
COMMENT ON COLUMN mart_region_applications.unable_share IS '无法提供占比：无法提供 / （七）总计（以 outcome_mix_base 为分母，小于 5 件为 NULL）';
COMMENT ON COLUMN mart_region_applications.rejected_share IS '不予处理占比：不予处理 / （七）总计（以 outcome_mix_base 为分母，小于 5 件为 NULL）';
COMMENT ON COLUMN mart_region_applications.other_share IS '其他处理占比：其他处理 / （七）总计（以 outcome_mix_base 为分母，小于 5 件为 NULL）';
COMMENT ON COLUMN mart_region_applications.disclosure_rate_base IS '公开率分母：（一）（二）（七）均已给出的机关的（七）总计之和';
COMMENT ON COLUMN mart_region_applications.disclosure_rate IS '公开率：（（一）予以公开 + （二）部分公开）/（七）总计；分母小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_applications.legal_person_share_base IS '法人占比分母：申请人各列均已给出的机关的本年新收总数之和';
COMMENT ON COLUMN mart_region_applications.legal_person_share IS '法人或其他组织占比：本年新收申请中法人或其他组织所占比例；分母小于 5 件为 NULL';
COMMENT ON COLUMN mart_region_applications.applications_per_agency IS '机关平均申请数：本年新收申请总数 / 给出该数的机关数（agencies_with_applications）';
