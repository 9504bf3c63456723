-- dim_cell: the canonical cells of the report tables (shared/contract/cells.csv), code = section.row.column.
CREATE OR REPLACE TABLE dim_cell AS
SELECT code, ordinal, section, section_label, row_key, column_key, row_label, column_label, unit, format
FROM stg_cell_spec;

COMMENT ON TABLE dim_cell IS '单元格维表：国务院规定年报表格的标准单元格（代码 = 部分.行.列），即 cells.csv 契约';
COMMENT ON COLUMN dim_cell.code IS '单元格代码：section.row.column，如 apply.granted.total';
COMMENT ON COLUMN dim_cell.ordinal IS '序号：契约中的顺序';
COMMENT ON COLUMN dim_cell.section IS '部分：active（二、主动公开）、apply（三、依申请公开）、litigation（四、复议诉讼）、fees（六、信息处理费）';
COMMENT ON COLUMN dim_cell.section_label IS '部分标题（中文）';
COMMENT ON COLUMN dim_cell.row_key IS '行代码';
COMMENT ON COLUMN dim_cell.column_key IS '列代码';
COMMENT ON COLUMN dim_cell.row_label IS '行标题（中文，按年报格式原文）';
COMMENT ON COLUMN dim_cell.column_label IS '列标题（中文）';
COMMENT ON COLUMN dim_cell.unit IS '单位：count（件/个）、10k_yuan（万元）、yuan（元）';
COMMENT ON COLUMN dim_cell.format IS '所属格式：2021（国办公开办函〔2021〕30号）、2019（国办公开办函〔2019〕60号）、both（两者皆有）';
