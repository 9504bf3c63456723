"""Subcommands of the demo stage (filled in by the demo work)."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """No demo commands yet."""
