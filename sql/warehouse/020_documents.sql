-- documents: one row per distinct body (sha256) with where and when it was seen.
-- revision_at is the start of the first batch that brought this body: files first seen in one batch (an HTML
-- report and its PDF) are one revision; a body first seen in a later batch is a later revision.
CREATE OR REPLACE TABLE documents AS
WITH ok AS (
    SELECT * FROM document_sightings WHERE classification = 'ok'
),
batch_start AS (
    SELECT channel, batch, min(seen_at) AS batch_at FROM ok GROUP BY channel, batch
),
origin_now AS (  -- what an origin serves now: its latest state, and the body of its latest ok sighting
    SELECT
        s.origin,
        arg_max(s.classification, (s.seen_at, s.classification)) AS state,
        arg_max(s.sha256, s.seen_at) FILTER (WHERE s.classification = 'ok') AS current_sha256,
        max(s.seen_at) FILTER (WHERE s.classification = 'not_modified') AS confirmed_at
    FROM document_sightings s
    GROUP BY s.origin
),
per_doc AS (
    SELECT
        o.sha256,
        arg_min(o.origin, (o.seen_at, o.origin)) AS origin,
        list(DISTINCT o.origin ORDER BY o.origin) AS origins,
        count(*) AS sightings,
        arg_min(o.channel, (o.seen_at, o.origin)) AS channel,
        arg_min(o.report_key, (o.seen_at, o.origin)) AS report_key,
        arg_min(o.media_type, (o.seen_at, o.origin)) FILTER (WHERE o.media_type IS NOT NULL) AS media_type,
        max(o.bytes) AS bytes,
        min(o.seen_at) AS first_seen,
        max(o.seen_at) AS last_ok_at,
        min(b.batch_at) AS revision_at,
        arg_max(o.region_hint, (o.seen_at, o.origin)) FILTER (WHERE o.region_hint IS NOT NULL) AS region_hint,
        arg_max(o.agency_hint, (o.seen_at, o.origin)) FILTER (WHERE o.agency_hint IS NOT NULL) AS agency_hint
    FROM ok o
    JOIN batch_start b USING (channel, batch)
    GROUP BY o.sha256
),
per_doc_state AS (
    SELECT
        o.sha256,
        bool_and(n.state = 'gone' AND o.channel = 'crawl') AS gone,
        max(n.confirmed_at) FILTER (WHERE n.current_sha256 = o.sha256) AS confirmed_at
    FROM (SELECT DISTINCT sha256, origin, channel FROM ok) o
    JOIN origin_now n USING (origin)
    GROUP BY o.sha256
)
SELECT
    d.sha256,
    d.origin,
    d.origins,
    d.sightings,
    d.channel,
    d.report_key,
    d.media_type,
    d.bytes,
    d.first_seen,
    greatest(d.last_ok_at, coalesce(s.confirmed_at, d.last_ok_at)) AS last_seen,
    d.revision_at,
    d.region_hint,
    d.agency_hint,
    coalesce(d.region_hint, '') || '|' || coalesce(d.agency_hint, '') AS hint_key,
    coalesce(s.gone, false) AS gone
FROM per_doc d
LEFT JOIN per_doc_state s USING (sha256);

COMMENT ON TABLE documents IS '文档：原始库中每个不同内容（sha256）一行，记录出处、类型、大小与首次/最近见到时间';
COMMENT ON COLUMN documents.sha256 IS '内容哈希：文档字节的 SHA-256（主键）';
COMMENT ON COLUMN documents.origin IS '出处：最早见到该内容的文件路径或网址';
COMMENT ON COLUMN documents.origins IS '全部出处：同一内容出现过的所有路径或网址（同一文件见到两次只存一份）';
COMMENT ON COLUMN documents.sightings IS '见到次数';
COMMENT ON COLUMN documents.channel IS '来源渠道：ingest（本地导入）或 crawl（网站抓取），按最早出处';
COMMENT ON COLUMN documents.report_key IS '所属报告：报告页面网址或文件路径';
COMMENT ON COLUMN documents.media_type IS '媒体类型：来源声明或按内容识别，未知为空（解析结果见 reports.media_type）';
COMMENT ON COLUMN documents.bytes IS '字节数';
COMMENT ON COLUMN documents.first_seen IS '首次见到时间（UTC）';
COMMENT ON COLUMN documents.last_seen IS '最近见到时间（UTC），含抓取时“未变化”的确认';
COMMENT ON COLUMN documents.revision_at IS '修订时间：带来该内容的最早批次的开始时间；用于“最新修订版优先”';
COMMENT ON COLUMN documents.region_hint IS '地区提示：传给解析器与地区解析的提示（最近一次的非空提示）';
COMMENT ON COLUMN documents.agency_hint IS '机关提示：文档未写明机关时使用的名称（最近一次的非空提示）';
COMMENT ON COLUMN documents.hint_key IS '提示键：地区提示|机关提示，解析缓存按 (sha256, 解析器版本, 提示键) 区分';
COMMENT ON COLUMN documents.gone IS '已下线：其全部网址最近一次抓取均为 gone（文档仍保留）';
