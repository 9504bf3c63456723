"""The Dagster layer: assets, checks, sensor and schedule over the plain stage functions.

Loaded by ``pipelines.definitions`` with ``dg.load_from_defs_folder``: one folder per stage (``crawl``,
``parse``, ``warehouse``, ``marts``, ``exports``) plus ``resources.py`` and ``schedules.py``. Each Dagster
definition is a thin wrapper; the work it does is a plain function in ``pipelines.defs.steps``, tested
without Dagster.
"""
