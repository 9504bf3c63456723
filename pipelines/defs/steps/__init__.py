"""What each asset and check does, as plain functions (no Dagster import): tested on their own.

- ``steps.crawl``: the registry, host pools, crawling a set of sources in host groups, crawl metadata.
- ``steps.warehouse``: the per-run build file, one function per asset (tables, a mart, publish), the
  content fingerprint that makes an unchanged night a no-op, and read-only access to the published file.
- ``steps.checks``: the queries behind the asset checks.
- ``steps.exports``: the regional CSVs and the markdown preview of the top regions.
"""
