"""The warehouse stage: local documents in, one DuckDB file of facts, dimensions and marts out.

API for the CLI and the Dagster layer:

- ``ingest_paths(paths, data_dir, region=, agency=) -> IngestResult`` — store files in ``DIR/raw``, log them.
- ``parse_pending(data_dir, workers=, progress=) -> ParseResult`` — parse what is new for the parser version.
- ``load_warehouse(data_dir, parser_version=) -> Path`` — rebuild ``DIR/warehouse.duckdb`` (tables and marts).
- ``build_marts(con)`` — rebuild the marts on an open connection.
- ``build_warehouse(data_dir, workers=, progress=) -> BuildResult`` — all of the above, skipped when unchanged.
"""

from pipelines.warehouse.build import (
    BuildResult,
    build_marts,
    build_warehouse,
    load_warehouse,
    warehouse_path,
)
from pipelines.warehouse.ingest import IngestError, IngestResult, ingest_paths
from pipelines.warehouse.parsing import ParseResult, ParserSpec, parse_pending

__all__ = [
    "BuildResult", "IngestError", "IngestResult", "ParseResult", "ParserSpec",
    "build_marts", "build_warehouse", "ingest_paths", "load_warehouse", "parse_pending", "warehouse_path",
]
