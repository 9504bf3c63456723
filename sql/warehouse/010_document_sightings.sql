-- document_sightings: every time a document body was seen, from the ingest log and the crawl log.
-- One ingest call is one batch (its files are one revision); one crawl run is one batch.
CREATE OR REPLACE TABLE document_sightings AS
WITH ingest AS (
    SELECT
        'ingest' AS channel,
        lower(sha256) AS sha256,
        path AS origin,
        path AS report_key,
        TRY_CAST(ingested_at AS TIMESTAMPTZ) AS seen_at,
        coalesce(batch, 'ingest-' || ingested_at) AS batch,
        NULLIF(media_type, '') AS media_type,
        TRY_CAST(bytes AS BIGINT) AS bytes,
        NULLIF(coalesce(NULLIF(region_code, ''), region), '') AS region_hint,
        NULLIF(agency, '') AS agency_hint,
        'ok' AS classification
    FROM stg_ingest_log
    WHERE sha256 IS NOT NULL AND path IS NOT NULL AND TRY_CAST(ingested_at AS TIMESTAMPTZ) IS NOT NULL
),
crawl AS (
    SELECT
        'crawl' AS channel,
        lower(sha256) AS sha256,
        coalesce(final_url, url) AS origin,
        coalesce(report_url, final_url, url) AS report_key,
        TRY_CAST(fetched_at AS TIMESTAMPTZ) AS seen_at,
        coalesce(run_id, 'crawl-' || fetched_at) AS batch,
        NULLIF(trim(split_part(content_type, ';', 1)), '') AS media_type,
        TRY_CAST(bytes AS BIGINT) AS bytes,
        NULLIF(region, '') AS region_hint,
        NULLIF(agency, '') AS agency_hint,
        classification
    FROM stg_crawl_log
    WHERE kind IN ('report', 'attachment')
      AND coalesce(final_url, url) IS NOT NULL
      AND TRY_CAST(fetched_at AS TIMESTAMPTZ) IS NOT NULL
      AND ((classification = 'ok' AND sha256 IS NOT NULL) OR classification IN ('gone', 'not_modified'))
)
SELECT * FROM ingest
UNION ALL
SELECT * FROM crawl;

COMMENT ON TABLE document_sightings IS '文档发现记录：每次导入（zfxxgk ingest）或抓取（crawl）见到一个文档的记录，取自 ingest_log.jsonl 与 crawl_log/*.jsonl';
COMMENT ON COLUMN document_sightings.channel IS '来源渠道：ingest（本地导入）或 crawl（网站抓取）';
COMMENT ON COLUMN document_sightings.sha256 IS '内容哈希：文档字节的 SHA-256，原始库 raw/ 中的文件名；gone/not_modified 记录可为空';
COMMENT ON COLUMN document_sightings.origin IS '出处：本地文件的绝对路径，或抓取的最终网址';
COMMENT ON COLUMN document_sightings.report_key IS '所属报告：抓取时为报告页面网址（页面与其附件同属一份报告），导入时为文件路径';
COMMENT ON COLUMN document_sightings.seen_at IS '见到时间（UTC）：导入时间或抓取时间';
COMMENT ON COLUMN document_sightings.batch IS '批次：一次导入调用或一次抓取运行（run_id）；同一批次首次见到的文档视为同一修订版';
COMMENT ON COLUMN document_sightings.media_type IS '媒体类型：如 text/html、application/pdf；未知为空';
COMMENT ON COLUMN document_sightings.bytes IS '字节数';
COMMENT ON COLUMN document_sightings.region_hint IS '地区提示：导入 --region（解析为区划代码）或抓取来源的地区';
COMMENT ON COLUMN document_sightings.agency_hint IS '机关提示：导入 --agency 或抓取来源的机关名称';
COMMENT ON COLUMN document_sightings.classification IS '抓取结果分类：ok、not_modified（未变化）、gone（已下线）；导入恒为 ok';
