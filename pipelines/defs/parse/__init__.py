"""Dagster definitions of the parse stage (thin: the work is in ``pipelines.defs.steps``)."""
