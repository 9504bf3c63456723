"""``zfxxgk demo-portal``: serve the demo portal on loopback until Ctrl-C, printing its column URLs."""

from __future__ import annotations

import argparse
import threading
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo-portal",
        help="serve the demo government portals on loopback (until Ctrl-C)",
        description="Serve the demo portal: TRS, Hanweb, gkmlpt and generic columns plus misbehaving hosts, "
                    "one port per fake host. Prints each source's column URL.",
    )
    parser.add_argument("--port-base", type=int, default=None, metavar="N",
                        help="listen on ports N, N+1, … (default: free ports chosen by the system)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--seeds-dir", type=Path, default=None,
                        help="seed texts to serve (default: $ZFXXGK_SEEDS_DIR or ../shared/seeds)")
    parser.add_argument("--sources-out", type=Path, default=None, metavar="FILE",
                        help="also write the filled-in sources registry (TOML) to FILE")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    """Serve until interrupted (or until ``stop`` is set, for tests)."""
    from pipelines.demo.portal import DemoPortal

    kwargs = {"seeds_dir": args.seeds_dir} if args.seeds_dir is not None else {}
    with DemoPortal(host=args.host, port_base=args.port_base, **kwargs) as portal:
        golden = portal.golden
        print("demo portal running; column URLs:")
        for source_id, url in portal.columns.items():
            print(f"  {source_id:<20} {url}  ({len(golden.get(source_id, []))} reports)")
        for note in portal.notes:
            print(f"note: {note}")
        if args.sources_out is not None:
            args.sources_out.write_text(portal.sources_toml(), encoding="utf-8")
            print(f"sources registry written to {args.sources_out}")
        print("Ctrl-C to stop.", flush=True)
        try:
            (stop or threading.Event()).wait()
        except KeyboardInterrupt:
            print("stopped.")
    return 0
