"""Dagster definitions of the exports stage (thin: the work is in ``pipelines.defs.steps``)."""
