-- dq_failed_documents: documents that could not be parsed, with the reader's or parser's one-line reason.
CREATE OR REPLACE VIEW dq_failed_documents AS
SELECT r.sha256, r.origin, d.origins, r.media_type, d.bytes, r.first_seen, r.reason, r.parser_version
FROM reports r
JOIN documents d USING (sha256)
WHERE r.status = 'failed'
ORDER BY r.first_seen, r.sha256;

COMMENT ON VIEW dq_failed_documents IS '解析失败文档清单：每个无法解析的文档及其原因（构建照常完成）';
COMMENT ON COLUMN dq_failed_documents.sha256 IS '文档内容哈希';
COMMENT ON COLUMN dq_failed_documents.origin IS '出处（路径或网址）';
COMMENT ON COLUMN dq_failed_documents.origins IS '全部出处';
COMMENT ON COLUMN dq_failed_documents.media_type IS '媒体类型';
COMMENT ON COLUMN dq_failed_documents.bytes IS '字节数';
COMMENT ON COLUMN dq_failed_documents.first_seen IS '首次见到时间（UTC）';
COMMENT ON COLUMN dq_failed_documents.reason IS '失败原因';
COMMENT ON COLUMN dq_failed_documents.parser_version IS '解析器版本';
