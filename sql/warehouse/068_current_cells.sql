-- current_cells (temporary): every contract cell of every current report, with the value the facts use:
-- the printed value when it passes the warehouse check (065_report_checks), else NULL. Cells the document
-- does not give are NULL, never 0.
CREATE OR REPLACE TEMP TABLE current_cells AS
SELECT
    r.agency_id,
    r.year,
    r.sha256,
    d.code,
    d.ordinal,
    d.section,
    d.row_key,
    d.row_label,
    d.column_key,
    d.column_label,
    d.unit,
    v.value,
    CASE
        WHEN v.value IS NULL THEN NULL
        WHEN d.unit = 'count' AND v.value <> round(v.value) THEN NULL
        WHEN v.value < 0 AND d.column_key <> 'change' THEN NULL
        ELSE v.value
    END AS fact_value
FROM reports r
JOIN dim_cell d ON d.format IN (r.format, 'both')
LEFT JOIN report_cell_values v ON v.sha256 = r.sha256 AND v.code = d.code
WHERE r.is_current;
