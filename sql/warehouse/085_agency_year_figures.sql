-- agency_year_figures: the headline cells of each current report side by side (one row per agency-year), the
-- input of every mart. Group figures (denied, unable, rejected, legal persons) are the sum of their rows and
-- NULL when any of those rows is NULL: a partial sum would understate them. The parse stage stores these cells
-- as one wide row per document (stg_figures, already NULL where report_checks leaves a value out of the
-- facts), so this is a join on one row per report, not a pivot of report_cell_values. A count that reaches
-- here is whole (report_checks), so ::BIGINT is exact; the amounts get fact_value's DECIMAL(18, 4).
CREATE OR REPLACE TABLE agency_year_figures AS
WITH wide AS (
    SELECT
        r.agency_id,
        r.year,
        g."apply.new_received.natural_person"::BIGINT AS new_received_natural_person,
        g."apply.new_received.commercial_enterprise"::BIGINT AS new_received_commercial_enterprise,
        g."apply.new_received.research_institution"::BIGINT AS new_received_research_institution,
        g."apply.new_received.public_interest_org"::BIGINT AS new_received_public_interest_org,
        g."apply.new_received.legal_service_org"::BIGINT AS new_received_legal_service_org,
        g."apply.new_received.other_org"::BIGINT AS new_received_other_org,
        g."apply.new_received.total"::BIGINT AS new_received_total,
        g."apply.carried_over.natural_person"::BIGINT AS carried_over_natural_person,
        g."apply.carried_over.commercial_enterprise"::BIGINT AS carried_over_commercial_enterprise,
        g."apply.carried_over.research_institution"::BIGINT AS carried_over_research_institution,
        g."apply.carried_over.public_interest_org"::BIGINT AS carried_over_public_interest_org,
        g."apply.carried_over.legal_service_org"::BIGINT AS carried_over_legal_service_org,
        g."apply.carried_over.other_org"::BIGINT AS carried_over_other_org,
        g."apply.carried_over.total"::BIGINT AS carried_over_total,
        g."apply.total.natural_person"::BIGINT AS processed_natural_person,
        g."apply.total.commercial_enterprise"::BIGINT AS processed_commercial_enterprise,
        g."apply.total.research_institution"::BIGINT AS processed_research_institution,
        g."apply.total.public_interest_org"::BIGINT AS processed_public_interest_org,
        g."apply.total.legal_service_org"::BIGINT AS processed_legal_service_org,
        g."apply.total.other_org"::BIGINT AS processed_other_org,
        g."apply.total.total"::BIGINT AS processed_total,
        g."apply.carried_forward.natural_person"::BIGINT AS carried_forward_natural_person,
        g."apply.carried_forward.commercial_enterprise"::BIGINT AS carried_forward_commercial_enterprise,
        g."apply.carried_forward.research_institution"::BIGINT AS carried_forward_research_institution,
        g."apply.carried_forward.public_interest_org"::BIGINT AS carried_forward_public_interest_org,
        g."apply.carried_forward.legal_service_org"::BIGINT AS carried_forward_legal_service_org,
        g."apply.carried_forward.other_org"::BIGINT AS carried_forward_other_org,
        g."apply.carried_forward.total"::BIGINT AS carried_forward_total,
        g."apply.granted.total"::BIGINT AS granted,
        g."apply.partially_granted.total"::BIGINT AS partially_granted,
        g."apply.denied_state_secret.total"::BIGINT AS denied_state_secret,
        g."apply.denied_prohibited_by_law.total"::BIGINT AS denied_prohibited_by_law,
        g."apply.denied_security_stability.total"::BIGINT AS denied_security_stability,
        g."apply.denied_third_party_rights.total"::BIGINT AS denied_third_party_rights,
        g."apply.denied_internal_affairs.total"::BIGINT AS denied_internal_affairs,
        g."apply.denied_process_info.total"::BIGINT AS denied_process_info,
        g."apply.denied_enforcement_file.total"::BIGINT AS denied_enforcement_file,
        g."apply.denied_query_matter.total"::BIGINT AS denied_query_matter,
        g."apply.unable_not_held.total"::BIGINT AS unable_not_held,
        g."apply.unable_needs_creation.total"::BIGINT AS unable_needs_creation,
        g."apply.unable_unclear.total"::BIGINT AS unable_unclear,
        g."apply.rejected_petition.total"::BIGINT AS rejected_petition,
        g."apply.rejected_repeated.total"::BIGINT AS rejected_repeated,
        g."apply.rejected_publication.total"::BIGINT AS rejected_publication,
        g."apply.rejected_excessive.total"::BIGINT AS rejected_excessive,
        g."apply.rejected_confirm.total"::BIGINT AS rejected_confirm,
        g."apply.other.total"::BIGINT AS other,
        g."litigation.review.upheld"::BIGINT AS review_upheld,
        g."litigation.review.corrected"::BIGINT AS review_corrected,
        g."litigation.review.other"::BIGINT AS review_other,
        g."litigation.review.pending"::BIGINT AS review_pending,
        g."litigation.review.total"::BIGINT AS review_total,
        g."litigation.direct_suit.upheld"::BIGINT AS direct_suit_upheld,
        g."litigation.direct_suit.corrected"::BIGINT AS direct_suit_corrected,
        g."litigation.direct_suit.other"::BIGINT AS direct_suit_other,
        g."litigation.direct_suit.pending"::BIGINT AS direct_suit_pending,
        g."litigation.direct_suit.total"::BIGINT AS direct_suit_total,
        g."litigation.suit_after_review.upheld"::BIGINT AS suit_after_review_upheld,
        g."litigation.suit_after_review.corrected"::BIGINT AS suit_after_review_corrected,
        g."litigation.suit_after_review.other"::BIGINT AS suit_after_review_other,
        g."litigation.suit_after_review.pending"::BIGINT AS suit_after_review_pending,
        g."litigation.suit_after_review.total"::BIGINT AS suit_after_review_total,
        g."active.admin_fees.amount"::DECIMAL(18, 4) AS admin_fees_10k_yuan,
        g."fees.info_processing_fee.amount"::DECIMAL(18, 4) AS info_processing_fee_yuan,
        r.report_no
    FROM reports r
    JOIN report_outcomes o USING (sha256)
    JOIN stg_figures g USING (parse_id)
    WHERE r.is_current
)
SELECT
    *,
    new_received_commercial_enterprise + new_received_research_institution + new_received_public_interest_org + new_received_legal_service_org + new_received_other_org AS new_received_legal_person,
    denied_state_secret + denied_prohibited_by_law + denied_security_stability + denied_third_party_rights + denied_internal_affairs + denied_process_info + denied_enforcement_file + denied_query_matter AS denied,
    unable_not_held + unable_needs_creation + unable_unclear AS unable,
    rejected_petition + rejected_repeated + rejected_publication + rejected_excessive + rejected_confirm AS rejected,
    direct_suit_upheld + suit_after_review_upheld AS suit_upheld,
    direct_suit_corrected + suit_after_review_corrected AS suit_corrected,
    direct_suit_other + suit_after_review_other AS suit_other,
    direct_suit_pending + suit_after_review_pending AS suit_pending,
    direct_suit_total + suit_after_review_total AS suit_total
FROM wide;

COMMENT ON TABLE agency_year_figures IS '机关年度指标宽表：每个机关每个年度当前报告的主要单元格并列一行，供各集市汇总';
COMMENT ON COLUMN agency_year_figures.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN agency_year_figures.year IS '报告年度';
COMMENT ON COLUMN agency_year_figures.report_no IS '来源报告的整数键（reports.report_no，当前报告；文档见 reports.sha256）';
COMMENT ON COLUMN agency_year_figures.new_received_natural_person IS '本年新收申请·自然人：apply.new_received.natural_person；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.new_received_commercial_enterprise IS '本年新收申请·商业企业：apply.new_received.commercial_enterprise；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.new_received_research_institution IS '本年新收申请·科研机构：apply.new_received.research_institution；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.new_received_public_interest_org IS '本年新收申请·社会公益组织：apply.new_received.public_interest_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.new_received_legal_service_org IS '本年新收申请·法律服务机构：apply.new_received.legal_service_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.new_received_other_org IS '本年新收申请·其他：apply.new_received.other_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.new_received_total IS '本年新收申请·总计：apply.new_received.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_over_natural_person IS '上年结转申请·自然人：apply.carried_over.natural_person；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_over_commercial_enterprise IS '上年结转申请·商业企业：apply.carried_over.commercial_enterprise；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_over_research_institution IS '上年结转申请·科研机构：apply.carried_over.research_institution；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_over_public_interest_org IS '上年结转申请·社会公益组织：apply.carried_over.public_interest_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_over_legal_service_org IS '上年结转申请·法律服务机构：apply.carried_over.legal_service_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_over_other_org IS '上年结转申请·其他：apply.carried_over.other_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_over_total IS '上年结转申请·总计：apply.carried_over.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.processed_natural_person IS '本年办理（（七）总计）·自然人：apply.total.natural_person；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.processed_commercial_enterprise IS '本年办理（（七）总计）·商业企业：apply.total.commercial_enterprise；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.processed_research_institution IS '本年办理（（七）总计）·科研机构：apply.total.research_institution；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.processed_public_interest_org IS '本年办理（（七）总计）·社会公益组织：apply.total.public_interest_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.processed_legal_service_org IS '本年办理（（七）总计）·法律服务机构：apply.total.legal_service_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.processed_other_org IS '本年办理（（七）总计）·其他：apply.total.other_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.processed_total IS '本年办理（（七）总计）·总计：apply.total.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_forward_natural_person IS '结转下年度继续办理·自然人：apply.carried_forward.natural_person；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_forward_commercial_enterprise IS '结转下年度继续办理·商业企业：apply.carried_forward.commercial_enterprise；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_forward_research_institution IS '结转下年度继续办理·科研机构：apply.carried_forward.research_institution；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_forward_public_interest_org IS '结转下年度继续办理·社会公益组织：apply.carried_forward.public_interest_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_forward_legal_service_org IS '结转下年度继续办理·法律服务机构：apply.carried_forward.legal_service_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_forward_other_org IS '结转下年度继续办理·其他：apply.carried_forward.other_org；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.carried_forward_total IS '结转下年度继续办理·总计：apply.carried_forward.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.granted IS '（一）予以公开：办理结果总计列 apply.granted.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.partially_granted IS '（二）部分公开（区分处理的，只计这一情形，不计其他情形）：办理结果总计列 apply.partially_granted.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.denied_state_secret IS '（三）不予公开 1.属于国家秘密：办理结果总计列 apply.denied_state_secret.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.denied_prohibited_by_law IS '（三）不予公开 2.其他法律行政法规禁止公开：办理结果总计列 apply.denied_prohibited_by_law.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.denied_security_stability IS '（三）不予公开 3.危及“三安全一稳定”：办理结果总计列 apply.denied_security_stability.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.denied_third_party_rights IS '（三）不予公开 4.保护第三方合法权益：办理结果总计列 apply.denied_third_party_rights.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.denied_internal_affairs IS '（三）不予公开 5.属于三类内部事务信息：办理结果总计列 apply.denied_internal_affairs.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.denied_process_info IS '（三）不予公开 6.属于四类过程性信息：办理结果总计列 apply.denied_process_info.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.denied_enforcement_file IS '（三）不予公开 7.属于行政执法案卷：办理结果总计列 apply.denied_enforcement_file.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.denied_query_matter IS '（三）不予公开 8.属于行政查询事项：办理结果总计列 apply.denied_query_matter.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.unable_not_held IS '（四）无法提供 1.本机关不掌握相关政府信息：办理结果总计列 apply.unable_not_held.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.unable_needs_creation IS '（四）无法提供 2.没有现成信息需要另行制作：办理结果总计列 apply.unable_needs_creation.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.unable_unclear IS '（四）无法提供 3.补正后申请内容仍不明确：办理结果总计列 apply.unable_unclear.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.rejected_petition IS '（五）不予处理 1.信访举报投诉类申请：办理结果总计列 apply.rejected_petition.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.rejected_repeated IS '（五）不予处理 2.重复申请：办理结果总计列 apply.rejected_repeated.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.rejected_publication IS '（五）不予处理 3.要求提供公开出版物：办理结果总计列 apply.rejected_publication.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.rejected_excessive IS '（五）不予处理 4.无正当理由大量反复申请：办理结果总计列 apply.rejected_excessive.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.rejected_confirm IS '（五）不予处理 5.要求行政机关确认或重新出具已获取信息：办理结果总计列 apply.rejected_confirm.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.other IS '（六）其他处理：办理结果总计列 apply.other.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.review_upheld IS '行政复议·结果维持：litigation.review.upheld；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.review_corrected IS '行政复议·结果纠正：litigation.review.corrected；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.review_other IS '行政复议·其他结果：litigation.review.other；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.review_pending IS '行政复议·尚未审结：litigation.review.pending；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.review_total IS '行政复议·总计：litigation.review.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.direct_suit_upheld IS '行政诉讼 未经复议直接起诉·结果维持：litigation.direct_suit.upheld；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.direct_suit_corrected IS '行政诉讼 未经复议直接起诉·结果纠正：litigation.direct_suit.corrected；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.direct_suit_other IS '行政诉讼 未经复议直接起诉·其他结果：litigation.direct_suit.other；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.direct_suit_pending IS '行政诉讼 未经复议直接起诉·尚未审结：litigation.direct_suit.pending；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.direct_suit_total IS '行政诉讼 未经复议直接起诉·总计：litigation.direct_suit.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.suit_after_review_upheld IS '行政诉讼 复议后起诉·结果维持：litigation.suit_after_review.upheld；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.suit_after_review_corrected IS '行政诉讼 复议后起诉·结果纠正：litigation.suit_after_review.corrected；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.suit_after_review_other IS '行政诉讼 复议后起诉·其他结果：litigation.suit_after_review.other；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.suit_after_review_pending IS '行政诉讼 复议后起诉·尚未审结：litigation.suit_after_review.pending；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.suit_after_review_total IS '行政诉讼 复议后起诉·总计：litigation.suit_after_review.total；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.admin_fees_10k_yuan IS '行政事业性收费（万元）；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.info_processing_fee_yuan IS '信息处理费（元）；未给出为 NULL';
COMMENT ON COLUMN agency_year_figures.new_received_legal_person IS '本年新收申请·法人或其他组织：五类之和，任一为空则为 NULL';
COMMENT ON COLUMN agency_year_figures.denied IS '不予公开合计（八项之和，任一为空则为 NULL）';
COMMENT ON COLUMN agency_year_figures.unable IS '无法提供合计（三项之和，任一为空则为 NULL）';
COMMENT ON COLUMN agency_year_figures.rejected IS '不予处理合计（五项之和，任一为空则为 NULL）';
COMMENT ON COLUMN agency_year_figures.suit_upheld IS '行政诉讼合计·结果维持：直接起诉 + 复议后起诉';
COMMENT ON COLUMN agency_year_figures.suit_corrected IS '行政诉讼合计·结果纠正：直接起诉 + 复议后起诉';
COMMENT ON COLUMN agency_year_figures.suit_other IS '行政诉讼合计·其他结果：直接起诉 + 复议后起诉';
COMMENT ON COLUMN agency_year_figures.suit_pending IS '行政诉讼合计·尚未审结：直接起诉 + 复议后起诉';
COMMENT ON COLUMN agency_year_figures.suit_total IS '行政诉讼合计·总计：直接起诉 + 复议后起诉';
