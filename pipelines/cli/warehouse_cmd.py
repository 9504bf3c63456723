"""Subcommands of the warehouse stage (filled in by the warehouse work)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """No warehouse commands yet."""
