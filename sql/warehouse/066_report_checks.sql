-- report_checks: the accounting identities the parser checked (勾稽关系), plus the warehouse's own check that
-- counts are whole and not negative (only 本年增/减 may be negative). A value failing the warehouse check is
-- kept as printed in report_cells but left NULL in the facts, so it never enters a sum.
CREATE OR REPLACE VIEW report_checks AS
SELECT r.sha256, 'parser' AS source, c.rule, c.ok, c.detail
FROM report_check_store c
JOIN reports r USING (report_no)
UNION ALL
SELECT
    sha256,
    'warehouse' AS source,
    'counts whole and not negative' AS rule,
    len(invalid_codes) = 0 AS ok,
    CASE
        WHEN len(invalid_codes) > 0 THEN 'kept as printed in report_cells, left out of the facts: '
            || array_to_string(invalid_codes, ', ')
        ELSE 'every value is a whole, non-negative count or amount (only 本年增/减 may be negative)'
    END AS detail
FROM reports
WHERE status = 'parsed';

COMMENT ON VIEW report_checks IS '报告校验：解析器校验的勾稽关系，以及仓库对数值（件数为非负整数）的校验';
COMMENT ON COLUMN report_checks.sha256 IS '文档内容哈希（reports.sha256）';
COMMENT ON COLUMN report_checks.source IS '校验来源：parser（解析器，格式规定的勾稽关系）或 warehouse（仓库）';
COMMENT ON COLUMN report_checks.rule IS '规则：如 apply balance, column total';
COMMENT ON COLUMN report_checks.ok IS '结果：true 相符、false 不符、NULL 有输入为空无法校验';
COMMENT ON COLUMN report_checks.detail IS '说明：参与计算的数值或不符之处';
