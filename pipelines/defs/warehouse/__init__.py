"""Dagster definitions of the warehouse stage (thin: the work is in ``pipelines.defs.steps``)."""
