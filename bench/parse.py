"""Parse throughput per format, next to the bare read of the same files (the floor).

A generated corpus (default 500 reports per format) is rendered once; then, per format, the time of
``parse_document`` on every file is compared with the least any reader must do with the same bytes:
lxml parsing the HTML and taking the text of every table cell; pdfplumber opening the PDF and extracting
its tables and text; python-docx opening the DOCX and reading every cell; for text layouts, decoding the
bytes (a floor so low that the ratio mostly measures the parser itself).

    .venv/bin/python bench/parse.py [--n 500] [--formats html,pdf,...] [--rounds 3]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable

import lxml.html
import pdfplumber
from docx import Document as DocxDocument

from pipelines.extract.decode import decode_bytes
from pipelines.parse import parse_document
from pipelines.synthetic import LAYOUTS, generate_report, render


def bare_html(data: bytes) -> int:
    text, _encoding = decode_bytes(data)
    tree = lxml.html.document_fromstring(text)
    return sum(len(cell.text_content()) for cell in tree.iter("td", "th"))


def bare_pdf(data: bytes) -> int:
    size = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            size += len(page.extract_tables()) + len(page.extract_text() or "")
    return size


def bare_docx(data: bytes) -> int:
    document = DocxDocument(io.BytesIO(data))
    return sum(len(cell.text) for table in document.tables for row in table.rows for cell in row.cells)


def bare_text(data: bytes) -> int:
    text, _encoding = decode_bytes(data)
    return len(text.splitlines())


FLOORS: dict[str, tuple[str, Callable[[bytes], int]]] = {
    "html": ("lxml parse + cell texts", bare_html),
    "html_word": ("lxml parse + cell texts", bare_html),
    "pdf": ("pdfplumber tables + text", bare_pdf),
    "docx": ("python-docx cell texts", bare_docx),
}


def timed(function: Callable[[bytes], object], documents: list[bytes]) -> float:
    started = time.perf_counter()
    for data in documents:
        function(data)
    return time.perf_counter() - started


def clear_parser_caches() -> None:
    """Forget what the parser memoises (folded rows, labels, values, check details). Each round starts with
    it: a document is then parsed with only the documents before it remembered, as a worker parsing a stream
    does, never with the rows of that very document memoised in an earlier round."""
    for name, module in list(sys.modules.items()):
        if name.startswith(("pipelines.parse", "pipelines.extract")):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500, help="reports per format (default 500)")
    parser.add_argument("--formats", default=",".join(LAYOUTS), help="comma-separated layouts")
    parser.add_argument("--rounds", type=int, default=3,
                        help="timed rounds; per document the best parse and bare-read times are kept (default 3)")
    args = parser.parse_args(argv)
    formats = [name for name in args.formats.split(",") if name]
    print(f"{'format':10s} {'docs':>5s} {'parse docs/s':>13s} {'floor docs/s':>13s} {'ratio':>6s}  floor")
    total_parse = total_floor = 0.0
    total_docs = 0
    for layout in formats:
        documents = [render(generate_report(seed), layout) for seed in range(args.n)]
        parse_document(documents[0])  # the region index, built once per process, outside the timing
        name, floor_function = FLOORS.get(layout, ("decode + split lines", bare_text))
        # each document parsed and then read bare, back to back, in several rounds; per document the best time
        # of each side is kept (as timeit does): a shared host's slow spell then hits both sides alike
        best_parse = [float("inf")] * len(documents)
        best_floor = [float("inf")] * len(documents)
        for _round in range(max(args.rounds, 1)):
            clear_parser_caches()
            for i, data in enumerate(documents):
                best_parse[i] = min(best_parse[i], timed(parse_document, [data]))
                best_floor[i] = min(best_floor[i], timed(floor_function, [data]))
        parse_seconds, floor_seconds = sum(best_parse), sum(best_floor)
        ratio = parse_seconds / floor_seconds if floor_seconds else float("inf")
        print(f"{layout:10s} {len(documents):5d} {len(documents) / parse_seconds:13.1f} "
              f"{len(documents) / floor_seconds:13.1f} {ratio:6.2f}  {name}", flush=True)
        total_parse, total_floor, total_docs = total_parse + parse_seconds, total_floor + floor_seconds, \
            total_docs + len(documents)
    if len(formats) > 1:
        print(f"{'all':10s} {total_docs:5d} {total_docs / total_parse:13.1f} {total_docs / total_floor:13.1f} "
              f"{total_parse / total_floor:6.2f}  the whole corpus")
    return 0


if __name__ == "__main__":
    sys.exit(main())
