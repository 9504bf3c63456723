"""``zfxxgk``: the command line. Each stage contributes its subcommands from its own module here."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pipelines.extract.model import ReadError

#: Modules with a ``register(subparsers)`` function, in the order their commands are listed.
COMMAND_MODULES = (
    "pipelines.cli.parse_cmd",
    "pipelines.cli.warehouse_cmd",
    "pipelines.cli.crawl_cmd",
    "pipelines.cli.portal_cmd",
    "pipelines.cli.demo_cmd",
)


class UserError(Exception):
    """A problem the user can fix (bad argument, missing file): printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zfxxgk",
        description="Crawl, parse and warehouse China's government information disclosure annual reports.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except (ReadError, UserError) as exc:
        print(f"zfxxgk: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("zfxxgk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # never a traceback for the user: one line that says what went wrong
        print(f"zfxxgk: {args.command} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
