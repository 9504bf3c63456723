"""Subcommands of the crawl stage (filled in by the crawl work)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """No crawl commands yet."""
