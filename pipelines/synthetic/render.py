"""Rendering a synthetic report into any layout, and streams of rendered reports (``corpus``)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence

from pipelines.synthetic.document import Document, build_document
from pipelines.synthetic.generate import SyntheticReport, generate_report
from pipelines.synthetic.render_docx import render_docx
from pipelines.synthetic.render_html import render_html, render_html_word
from pipelines.synthetic.render_ofd import render_ofd
from pipelines.synthetic.render_pdf import render_pdf, render_pdf_unruled
from pipelines.synthetic.render_text import (
    render_markdown,
    render_pdf_text,
    render_text_cells,
    render_text_tabs,
)
from pipelines.synthetic.render_xlsx import render_xlsx

_RENDERERS: dict[str, tuple[Callable[[Document], bytes], str]] = {
    "html": (render_html, ".html"),
    "html_word": (render_html_word, ".html"),
    "text_tabs": (render_text_tabs, ".txt"),
    "text_cells": (render_text_cells, ".txt"),
    "markdown": (render_markdown, ".md"),
    "pdf_text": (render_pdf_text, ".txt"),
    "docx": (render_docx, ".docx"),
    "pdf": (render_pdf, ".pdf"),
    "pdf_unruled": (render_pdf_unruled, ".pdf"),
    "xlsx": (render_xlsx, ".xlsx"),
    "ofd": (render_ofd, ".ofd"),
}
#: The layouts corpora mix by default (the demo, the benchmarks); a workbook, an OFD or a PDF without table
#: rules only when asked for.
LAYOUTS: tuple[str, ...] = tuple(layout for layout in _RENDERERS if layout not in ("xlsx", "ofd", "pdf_unruled"))
#: Layouts that are cheap enough for benchmarks of 100,000 reports (no DOCX or PDF writer involved).
TEXT_LAYOUTS: tuple[str, ...] = ("html", "html_word", "text_tabs", "text_cells", "markdown", "pdf_text")


def _renderer(layout: str) -> tuple[Callable[[Document], bytes], str]:
    try:
        return _RENDERERS[layout]
    except KeyError:
        raise ValueError(f"unknown layout {layout!r}; layouts are {', '.join(_RENDERERS)}") from None


def render(report: SyntheticReport, layout: str) -> bytes:
    """The document bytes of ``report`` in ``layout``; the same report always gives the same bytes."""
    renderer, _ = _renderer(layout)
    return renderer(build_document(report))


def report_title(report: SyntheticReport) -> str:
    """The title every rendering prints, for portals that list the report under its own title."""
    return build_document(report).title


def publication_date(report: SyntheticReport) -> str:
    """The ISO date the report is signed and published (January of the following year)."""
    return build_document(report).publication_date


def layout_extension(layout: str) -> str:
    return _renderer(layout)[1]


def corpus(n: int, seed: int = 0, layouts: Sequence[str] | None = None,
           **gen_kwargs: object) -> Iterator[tuple[SyntheticReport, str, bytes]]:
    """``n`` reports, each rendered in one layout (taken in turn), reproducible from ``seed``.

    Report i only depends on (seed, i), so a slice of a corpus equals the start of a longer one.
    """
    chosen = tuple(layouts) if layouts is not None else LAYOUTS
    for layout in chosen:
        _renderer(layout)
    for index in range(n):
        report = generate_report(random.Random(seed * 1_000_003 + index), **gen_kwargs)  # type: ignore[arg-type]
        layout = chosen[index % len(chosen)]
        yield report, layout, render(report, layout)
