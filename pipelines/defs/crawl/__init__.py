"""Dagster definitions of the crawl stage (thin: the work is in ``pipelines.defs.steps``)."""
