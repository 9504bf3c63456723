"""Dagster definitions of the marts stage (thin: the work is in ``pipelines.defs.steps``)."""
