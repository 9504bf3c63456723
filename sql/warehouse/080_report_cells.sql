-- report_cells: the stable interface. One row per contract cell of each current report (one per agency and
-- year), the value as the document gives it, NULL where it gives none.
CREATE OR REPLACE VIEW report_cells AS
SELECT
    v.agency_id,
    a.name AS agency_name,
    a.region_code,
    g.province,
    g.city,
    g.county,
    g.township,
    v.year,
    v.code::VARCHAR AS code,
    v.value
FROM report_cell_values v
JOIN dim_agency a USING (agency_id)
LEFT JOIN dim_region g ON g.code = a.region_code;

COMMENT ON VIEW report_cells IS '报告单元格视图（稳定查询接口）：每个机关每个年度当前报告的每个标准单元格一行，文档未给出为 NULL';
COMMENT ON COLUMN report_cells.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN report_cells.agency_name IS '机关名称';
COMMENT ON COLUMN report_cells.region_code IS '机关所在区划代码；中央部委 000000；未解析为空';
COMMENT ON COLUMN report_cells.province IS '省级名称（中央部委为“中央”）';
COMMENT ON COLUMN report_cells.city IS '地级名称';
COMMENT ON COLUMN report_cells.county IS '县级名称';
COMMENT ON COLUMN report_cells.township IS '乡镇/街道名称';
COMMENT ON COLUMN report_cells.year IS '报告年度';
COMMENT ON COLUMN report_cells.code IS '单元格代码（dim_cell.code）';
COMMENT ON COLUMN report_cells.value IS '数值：按文档原样（件、万元、元），未给出为 NULL';
