-- report_cell_values: every cell of every parsed document (all versions, current or not), NULL where the
-- document gives no value. The facts and report_cells read the current reports' rows from here.
CREATE OR REPLACE TABLE report_cell_values AS
SELECT o.sha256, c.code, c.value::DECIMAL(18, 4) AS value
FROM stg_cells c
JOIN report_outcomes o USING (parse_id)
WHERE o.status = 'parsed';

COMMENT ON TABLE report_cell_values IS '报告单元格值：每份已解析文档（含非当前版本）的每个标准单元格；文档未给出的值为 NULL';
COMMENT ON COLUMN report_cell_values.sha256 IS '文档内容哈希（reports.sha256）';
COMMENT ON COLUMN report_cell_values.code IS '单元格代码（dim_cell.code）';
COMMENT ON COLUMN report_cell_values.value IS '数值：按表格原单位（件、万元、元）；文档未给出为 NULL，绝不补 0';
