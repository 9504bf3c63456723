-- report_check_store: the accounting identities the parser checked (勾稽关系) for each parsed document, about
-- forty a report, kept by the report's integer key (reports.report_no): the view report_checks gives them with
-- the document's sha256 and adds the warehouse's own check, derived from reports.invalid_codes.
CREATE OR REPLACE TABLE report_check_store AS
SELECT r.report_no, c.rule, c.ok, c.detail
FROM stg_checks c  -- the parse cache's checks, one row each
JOIN report_outcomes o USING (parse_id)
JOIN reports r ON r.sha256 = o.sha256
WHERE o.status = 'parsed';

COMMENT ON TABLE report_check_store IS '报告校验存储：解析器校验的勾稽关系，按报告序号存放（查询请用 report_checks）';
COMMENT ON COLUMN report_check_store.report_no IS '报告序号（reports.report_no，本次构建内有效）';
COMMENT ON COLUMN report_check_store.rule IS '规则：如 apply balance, column total';
COMMENT ON COLUMN report_check_store.ok IS '结果：true 相符、false 不符、NULL 有输入为空无法校验';
COMMENT ON COLUMN report_check_store.detail IS '说明：参与计算的数值或不符之处';
