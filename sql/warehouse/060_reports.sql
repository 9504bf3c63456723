-- reports: one row per document with its parse outcome, and which version is current for its agency-year.
-- The current report of an agency-year is chosen deterministically: latest revision (a title marking a
-- correction, then the later issue date printed in the document, then the later first sighting
-- documents.revision_at), then most complete (cells given), then passing checks (fewer failed, more passed),
-- then lowest sha256 (see the macro preference_reason).
-- Only parsed documents with an agency, a year and a recognised format (2019/2021) can be current.
-- Every version is kept; current_reason says why a row is or is not current.
CREATE OR REPLACE TABLE reports AS
WITH base AS (
    SELECT
        d.sha256,
        coalesce(o.status, 'pending') AS status,
        o.reason,
        o.agency,
        o.agency_source,
        o.agency_id,
        o.year,
        coalesce(o.format, CASE WHEN o.status = 'parsed' THEN 'unknown' END) AS format,
        o.title,
        coalesce(o.media_type, d.media_type) AS media_type,
        o.publication_year,
        o.published_on,
        coalesce(o.revision_mark, false) AS revision_mark,
        coalesce(o.warnings, []::VARCHAR[]) AS warnings,
        coalesce(o.checks_passed, 0)::BIGINT AS checks_passed,  -- counted by the parse stage
        coalesce(o.checks_failed, 0)::BIGINT AS checks_failed,
        coalesce(o.checks_unknown, 0)::BIGINT AS checks_unknown,
        coalesce(o.n_cells, 0) AS n_cells,
        coalesce(o.n_values, 0) AS n_values,
        coalesce(o.n_values_active, 0) AS n_values_active,
        coalesce(o.n_values_apply, 0) AS n_values_apply,
        coalesce(o.n_values_litigation, 0) AS n_values_litigation,
        coalesce(o.invalid_codes, []::VARCHAR[]) AS invalid_codes,
        o.known_code AS region_code,
        o.division_status AS region_status,
        o.division_reason AS region_reason,
        o.region_candidates,
        d.origin,
        d.sightings,
        d.first_seen,
        d.revision_at,
        d.gone,
        o.parser_version,
        TRY_CAST(o.parsed_at AS TIMESTAMPTZ) AS parsed_at
    FROM documents d
    LEFT JOIN report_outcomes o USING (sha256)
),
-- one sort over the versions that can be current ranks them and hands each the preference of the best and
-- the runner-up, so the reasons need no self-joins; the sort carries only the keys, not the whole row
-- the integer key of report_cell_store: sha256 order, a sort of the keys alone
numbered AS (
    SELECT sha256, row_number() OVER (ORDER BY sha256)::INTEGER AS report_no FROM documents
),
ranked AS (
    SELECT
        sha256,
        preference,
        row_number() OVER w AS version_rank,
        count(*) OVER w AS versions,
        first_value(preference) OVER w AS best,
        nth_value(preference, 2) OVER w AS runner_up
    FROM (
        SELECT
            sha256, agency_id, year, revision_mark, published_on, revision_at, n_values, checks_failed, checks_passed,
            {'revision_mark': revision_mark, 'published_on': published_on, 'revision_at': revision_at,
             'n_values': n_values, 'checks_failed': checks_failed, 'checks_passed': checks_passed,
             'sha256': sha256} AS preference
        FROM base
        WHERE status = 'parsed' AND agency_id IS NOT NULL AND year IS NOT NULL AND format IN ('2019', '2021')
    )
    WINDOW w AS (
        PARTITION BY agency_id, year
        ORDER BY revision_mark DESC, published_on DESC NULLS LAST, revision_at DESC, n_values DESC,
            checks_failed ASC, checks_passed DESC, sha256
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
    )
)
SELECT
    p.sha256,
    n.report_no,
    p.status,
    p.reason,
    p.agency,
    p.agency_source,
    p.agency_id,
    p.year,
    p.format,
    p.title,
    p.media_type,
    p.publication_year,
    p.published_on,
    p.revision_mark,
    p.warnings,
    p.checks_passed,
    p.checks_failed,
    p.checks_unknown,
    p.n_cells,
    p.n_values,
    p.n_values_active,
    p.n_values_apply,
    p.n_values_litigation,
    p.invalid_codes,
    p.region_code,
    p.region_status,
    p.region_reason,
    p.region_candidates,
    p.origin,
    p.first_seen,
    p.revision_at,
    p.gone,
    p.parser_version,
    p.parsed_at,
    coalesce(r.version_rank, 0) AS version_rank,
    coalesce(r.versions, 0) AS versions,
    coalesce(r.version_rank = 1, false) AS is_current,
    CASE
        WHEN p.status = 'pending' THEN 'not parsed yet with the current parser version'
        WHEN p.status = 'failed' THEN 'not current: parsing failed — ' || p.reason
        WHEN p.agency IS NULL THEN 'not current: no agency name in the document and no --agency hint'
        WHEN p.year IS NULL THEN 'not current: no report year in the document'
        WHEN p.format NOT IN ('2019', '2021') THEN 'not current: the report table format was not recognised'
        WHEN r.version_rank = 1 AND r.versions = 1 THEN 'current: the only version for this agency and year'
        WHEN r.version_rank = 1 THEN 'current: ' || preference_reason(r.preference, r.runner_up)
            || ' than ' || left(r.runner_up.sha256, 12) || ', of ' || r.versions || ' versions'
        ELSE 'superseded by ' || left(r.best.sha256, 12) || ': ' || preference_reason(r.best, r.preference)
    END || CASE WHEN p.sightings > 1 THEN ' (same bytes seen ' || p.sightings || ' times)' ELSE '' END
        AS current_reason
FROM base p
JOIN numbered n USING (sha256)
LEFT JOIN ranked r USING (sha256);

COMMENT ON TABLE reports IS '年报：每个文档一行（含解析失败与非当前版本），记录机关、年度、格式、状态、警告，以及是否为该机关该年度的当前报告及理由';
COMMENT ON COLUMN reports.sha256 IS '文档内容哈希（documents.sha256），报告主键';
COMMENT ON COLUMN reports.report_no IS '报告序号：本次构建内按 sha256 顺序编的整数键，report_cell_values 以此存放当前报告的单元格；每次构建重新编号，跨构建请用 sha256';
COMMENT ON COLUMN reports.status IS '解析状态：parsed（已解析）、failed（失败，见 reason）、pending（尚未用当前解析器解析）';
COMMENT ON COLUMN reports.reason IS '失败原因：解析失败时的一行说明（点明文档与问题）';
COMMENT ON COLUMN reports.agency IS '机关名称：文档所印名称，无则取导入/抓取提示';
COMMENT ON COLUMN reports.agency_source IS '机关名称来源：document（文档）或 hint（提示）';
COMMENT ON COLUMN reports.agency_id IS '机关编号（dim_agency.agency_id）';
COMMENT ON COLUMN reports.year IS '报告年度：报告所述年份（非发布年份）';
COMMENT ON COLUMN reports.format IS '表格格式：2021、2019 或 unknown';
COMMENT ON COLUMN reports.title IS '标题：文档标题（如有）';
COMMENT ON COLUMN reports.media_type IS '媒体类型：解析器识别的格式';
COMMENT ON COLUMN reports.publication_year IS '发布年份：文档所署日期的年份（如有）';
COMMENT ON COLUMN reports.published_on IS '发布日期：文档所印的发布/成文日期或落款日期（如有），用于判断较新修订';
COMMENT ON COLUMN reports.revision_mark IS '更正标记：标题注明更正、修订等，视为较新修订';
COMMENT ON COLUMN reports.warnings IS '警告：解析时发现的缺失或异常（文字说明）';
COMMENT ON COLUMN reports.checks_passed IS '勾稽关系通过数';
COMMENT ON COLUMN reports.checks_failed IS '勾稽关系不符数';
COMMENT ON COLUMN reports.checks_unknown IS '勾稽关系无法校验数（有输入为空）';
COMMENT ON COLUMN reports.n_cells IS '单元格数：该格式的标准单元格数';
COMMENT ON COLUMN reports.n_values IS '已给出数值的单元格数（完整度）';
COMMENT ON COLUMN reports.n_values_active IS '第二部分（主动公开）已给出数值的单元格数；0 即该部分缺失';
COMMENT ON COLUMN reports.n_values_apply IS '第三部分（依申请公开）已给出数值的单元格数；0 即该部分缺失';
COMMENT ON COLUMN reports.n_values_litigation IS '第四部分（复议诉讼）已给出数值的单元格数；0 即该部分缺失';
COMMENT ON COLUMN reports.invalid_codes IS '未通过仓库校验的单元格代码（件数须为非负整数）：数值按原样保留在 report_cells，事实视图与集市中为 NULL；空列表即全部通过';
COMMENT ON COLUMN reports.region_code IS '机关所在区划代码（dim_region.code）；未解析为空';
COMMENT ON COLUMN reports.region_status IS '区划解析状态：resolved、central、ambiguous、unresolved、unknown_code';
COMMENT ON COLUMN reports.region_reason IS '区划解析说明';
COMMENT ON COLUMN reports.region_candidates IS '候选区划代码（同名多处时）';
COMMENT ON COLUMN reports.origin IS '出处：最早的文件路径或网址';
COMMENT ON COLUMN reports.first_seen IS '首次见到时间（UTC）';
COMMENT ON COLUMN reports.revision_at IS '修订时间：带来该内容的最早批次开始时间，越晚越新';
COMMENT ON COLUMN reports.gone IS '已下线：原网址已不可访问（报告仍保留）';
COMMENT ON COLUMN reports.parser_version IS '解析器版本';
COMMENT ON COLUMN reports.parsed_at IS '解析时间（UTC）';
COMMENT ON COLUMN reports.version_rank IS '版本排名：同一机关同一年度各版本的优先次序，1 为当前；无法归属为 0';
COMMENT ON COLUMN reports.versions IS '版本数：同一机关同一年度的已解析文档数';
COMMENT ON COLUMN reports.is_current IS '是否当前报告：每个机关每个年度恰有一份';
COMMENT ON COLUMN reports.current_reason IS '取舍理由：为何是或不是当前报告（最新修订、最完整、校验通过，依次比较）';
