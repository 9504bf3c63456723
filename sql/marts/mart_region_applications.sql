-- mart_region_applications: applications (section 三) summed over the agencies of each province, city and
-- county (agency_region_rollup) and year. Counts are sums over the agencies that give the value (an agency's
-- NULL is skipped, never taken as 0); rates use only agencies giving every input of the rate, and are NULL
-- when their denominator (published beside them) is below min_rate_base() = 5.
-- A view over region_year_totals, which sums every regional mart's figures in one aggregation.
CREATE OR REPLACE VIEW mart_region_applications AS
SELECT
    level, region_code, region_name, parent_code, parent_name, province_code, province, city_code, city,
    county_code, county, year,
    agencies_reporting,
    agencies_with_applications,
    new_received_natural_person,
    new_received_commercial_enterprise,
    new_received_research_institution,
    new_received_public_interest_org,
    new_received_legal_service_org,
    new_received_other_org,
    new_received_total,
    new_received_legal_person,
    carried_over_natural_person,
    carried_over_commercial_enterprise,
    carried_over_research_institution,
    carried_over_public_interest_org,
    carried_over_legal_service_org,
    carried_over_other_org,
    carried_over_total,
    processed_natural_person,
    processed_commercial_enterprise,
    processed_research_institution,
    processed_public_interest_org,
    processed_legal_service_org,
    processed_other_org,
    processed_total,
    carried_forward_natural_person,
    carried_forward_commercial_enterprise,
    carried_forward_research_institution,
    carried_forward_public_interest_org,
    carried_forward_legal_service_org,
    carried_forward_other_org,
    carried_forward_total,
    granted,
    partially_granted,
    denied,
    denied_state_secret,
    denied_prohibited_by_law,
    denied_security_stability,
    denied_third_party_rights,
    denied_internal_affairs,
    denied_process_info,
    denied_enforcement_file,
    denied_query_matter,
    unable,
    unable_not_held,
    unable_needs_creation,
    unable_unclear,
    rejected,
    rejected_petition,
    rejected_repeated,
    rejected_publication,
    rejected_excessive,
    rejected_confirm,
    other,
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
FROM region_year_totals
ORDER BY level, region_code, year;

COMMENT ON VIEW mart_region_applications IS '地区依申请公开集市：各省、市、县每年的申请收办数量（按申请人类型）、办理结果构成、公开率、法人占比、机关平均申请数';
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
