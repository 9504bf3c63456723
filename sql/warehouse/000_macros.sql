-- Macros shared by the models and available to analysts.
-- min_rate_base(): a rate (share, correction rate, per-100 figure, change in %) is NULL when its denominator
-- is below this many; the denominator is always published beside the rate, so a NULL is never mistaken for 0.
CREATE OR REPLACE MACRO min_rate_base() AS 5;
CREATE OR REPLACE MACRO rate(numerator, denominator) AS
    CASE WHEN denominator >= min_rate_base() THEN round(numerator::DOUBLE / denominator, 4) END;
CREATE OR REPLACE MACRO agency_key(normalized_name, region_code) AS
    substr(md5(coalesce(normalized_name, '') || '|' || coalesce(region_code, '')), 1, 16);
-- Why report version A is preferred over version B, in the order the choice is made: latest revision, then
-- most complete (more cells given), then passing checks (fewer failed, then more passed), then sha256.
CREATE OR REPLACE MACRO preference_reason(rev_a, values_a, failed_a, passed_a, sha_a, rev_b, values_b, failed_b, passed_b) AS
    CASE
        WHEN rev_a > rev_b THEN 'later revision (first seen ' || strftime(rev_a, '%Y-%m-%d %H:%M:%S')
            || ' UTC, the other ' || strftime(rev_b, '%Y-%m-%d %H:%M:%S') || ' UTC)'
        WHEN values_a > values_b THEN 'same revision, more complete (' || values_a || ' cells given vs '
            || values_b || ')'
        WHEN failed_a < failed_b THEN 'same revision and completeness, fewer failed checks (' || failed_a
            || ' vs ' || failed_b || ')'
        WHEN passed_a > passed_b THEN 'same revision and completeness, more passing checks (' || passed_a
            || ' vs ' || passed_b || ')'
        ELSE 'equal in revision, completeness and checks; the lower sha256 (' || left(sha_a, 12) || ') is kept'
    END;
-- per_100(n, d): n per 100 of d, NULL when d is below min_rate_base().
CREATE OR REPLACE MACRO per_100(numerator, denominator) AS
    CASE WHEN denominator >= min_rate_base() THEN round(100.0 * numerator / denominator, 2) END;
