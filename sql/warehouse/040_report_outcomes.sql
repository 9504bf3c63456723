-- report_outcomes (temporary): the cached parse outcome of each document for its current hints, with its
-- division looked up in dim_region and its agency key. Two outcomes for one body (two builds racing) are
-- resolved to the latest (ranked on the ids alone, so the sort carries no payload). A 12-digit statistical
-- code is cut to the 9/6-digit division code. revision_at (documents) rides along for dim_agency.
CREATE OR REPLACE TEMP TABLE report_outcomes AS
WITH latest AS (
    SELECT o.parse_id, d.revision_at
    FROM stg_outcomes o
    JOIN documents d ON d.sha256 = o.sha256 AND d.hint_key = o.hint_key
    QUALIFY row_number() OVER (PARTITION BY o.sha256 ORDER BY o.parsed_at DESC, o.parse_id) = 1
),
chosen AS (
    SELECT
        o.*,
        CASE
            WHEN length(o.region_code) = 12 AND o.region_code LIKE '%000000' THEN left(o.region_code, 6)
            WHEN length(o.region_code) = 12 AND o.region_code LIKE '%000' THEN left(o.region_code, 9)
            ELSE o.region_code
        END AS division_code,
        l.revision_at
    FROM stg_outcomes o
    JOIN latest l USING (parse_id)
)
SELECT
    c.*,
    r.code AS known_code,
    r.level AS division_level,
    CASE
        WHEN r.code IS NOT NULL AND r.level = 'central' THEN 'central'
        WHEN r.code IS NOT NULL THEN 'resolved'
        WHEN c.division_code IS NOT NULL THEN 'unknown_code'
        ELSE coalesce(c.region_status, 'unresolved')
    END AS division_status,
    CASE
        WHEN r.code IS NULL AND c.division_code IS NOT NULL
            THEN 'code ' || c.division_code || ' is not in the division list'
        ELSE c.region_reason
    END AS division_reason,
    CASE WHEN c.status = 'parsed' AND c.agency IS NOT NULL
        THEN agency_key(c.agency_normalized, r.code) END AS agency_id
FROM chosen c
LEFT JOIN dim_region r ON r.code = c.division_code;
