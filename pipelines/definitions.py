"""The Dagster code location (``dg check defs``, ``dagster dev``): everything under ``pipelines/defs``."""

from __future__ import annotations

import warnings
from pathlib import Path

import dagster as dg

# single-run backfills of raw_documents use a beta parameter; say so once in the docs, not on every load
warnings.filterwarnings("ignore", category=dg.BetaWarning)


@dg.definitions
def defs() -> dg.Definitions:
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
