-- Macros shared by the models and available to analysts.
-- min_rate_base(): a rate (share, correction rate, per-100 figure, change in %) is NULL when its denominator
-- is below this many; the denominator is always published beside the rate, so a NULL is never mistaken for 0.
CREATE OR REPLACE MACRO min_rate_base() AS 5;
CREATE OR REPLACE MACRO rate(numerator, denominator) AS
    CASE WHEN denominator >= min_rate_base() THEN round(numerator::DOUBLE / denominator, 4) END;
CREATE OR REPLACE MACRO agency_key(normalized_name, region_code) AS
    substr(md5(coalesce(normalized_name, '') || '|' || coalesce(region_code, '')), 1, 16);
-- Why report version A is preferred over version B, in the order the choice is made (each argument is the
-- struct `preference` of reports): the latest revision — a title marking a correction (更正/修订), then the later
-- issue date printed in the document, then the later first sighting —, then the most complete (more cells
-- given), then passing checks (fewer failed, then more passed), then the lower sha256.
CREATE OR REPLACE MACRO preference_reason(a, b) AS
    CASE
        WHEN a.revision_mark AND NOT b.revision_mark THEN 'later revision (its title marks a correction or revision)'
        WHEN a.revision_mark = b.revision_mark AND a.published_on IS NOT NULL
            AND (b.published_on IS NULL OR a.published_on > b.published_on)
            THEN 'later revision (issued ' || a.published_on || ', the other '
                || coalesce(b.published_on::VARCHAR, 'undated') || ')'
        WHEN a.revision_at > b.revision_at THEN 'later revision (first seen ' || strftime(a.revision_at, '%Y-%m-%d %H:%M:%S')
            || ' UTC, the other ' || strftime(b.revision_at, '%Y-%m-%d %H:%M:%S') || ' UTC)'
        WHEN a.n_values > b.n_values THEN 'same revision, more complete (' || a.n_values || ' cells given vs '
            || b.n_values || ')'
        WHEN a.checks_failed < b.checks_failed THEN 'same revision and completeness, fewer failed checks ('
            || a.checks_failed || ' vs ' || b.checks_failed || ')'
        WHEN a.checks_passed > b.checks_passed THEN 'same revision and completeness, more passing checks ('
            || a.checks_passed || ' vs ' || b.checks_passed || ')'
        ELSE 'equal in revision, completeness and checks; the lower sha256 (' || left(a.sha256, 12) || ') is kept'
    END;
-- per_100(n, d): n per 100 of d, NULL when d is below min_rate_base().
CREATE OR REPLACE MACRO per_100(numerator, denominator) AS
    CASE WHEN denominator >= min_rate_base() THEN round(100.0 * numerator / denominator, 2) END;
