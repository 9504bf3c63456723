-- dq_unresolved_agencies: agencies whose division is not known (ambiguous names are never guessed), with the
-- resolver's reason and candidates, so a person can add the missing context (--region) and rebuild.
CREATE OR REPLACE VIEW dq_unresolved_agencies AS
SELECT
    a.agency_id,
    a.name,
    a.normalized_name,
    a.kind,
    a.region_status,
    a.region_reason,
    a.region_candidates,
    a.documents,
    a.first_year,
    a.last_year,
    (SELECT count(*) FROM reports r WHERE r.agency_id = a.agency_id AND r.is_current) AS current_reports,
    (SELECT min(r.origin) FROM reports r WHERE r.agency_id = a.agency_id) AS example_origin
FROM dim_agency a
WHERE a.region_code IS NULL
ORDER BY a.region_status, a.name;

COMMENT ON VIEW dq_unresolved_agencies IS '未定位机关清单：区划未能确定的机关（同名多处不猜），附原因与候选，补充 --region 后重建即可';
COMMENT ON COLUMN dq_unresolved_agencies.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN dq_unresolved_agencies.name IS '机关名称';
COMMENT ON COLUMN dq_unresolved_agencies.normalized_name IS '规范化名称';
COMMENT ON COLUMN dq_unresolved_agencies.kind IS '机关类别';
COMMENT ON COLUMN dq_unresolved_agencies.region_status IS '区划解析状态：ambiguous、unresolved、unknown_code';
COMMENT ON COLUMN dq_unresolved_agencies.region_reason IS '原因';
COMMENT ON COLUMN dq_unresolved_agencies.region_candidates IS '候选区划代码';
COMMENT ON COLUMN dq_unresolved_agencies.documents IS '已解析文档数';
COMMENT ON COLUMN dq_unresolved_agencies.first_year IS '最早报告年度';
COMMENT ON COLUMN dq_unresolved_agencies.last_year IS '最近报告年度';
COMMENT ON COLUMN dq_unresolved_agencies.current_reports IS '当前报告数';
COMMENT ON COLUMN dq_unresolved_agencies.example_origin IS '示例出处（路径或网址）';
