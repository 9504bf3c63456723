"""Synthetic annual reports with known cells, rendered into every layout a portal publishes.

Tests use them for property checks (generate → render → parse → same cells), benchmarks for volume, and the
demo portal as its content. See ``generate`` for the numbers and identities, ``wording`` for the printing
variations, ``document`` for the layout-neutral model and ``render_*`` for each layout's quirks.
"""

from pipelines.synthetic.generate import (
    SyntheticReport,
    break_identity,
    generate_report,
    identity_checks,
    printed_codes,
)
from pipelines.synthetic.render import (
    LAYOUTS,
    TEXT_LAYOUTS,
    corpus,
    layout_extension,
    publication_date,
    render,
    report_title,
)

__all__ = [
    "LAYOUTS",
    "TEXT_LAYOUTS",
    "SyntheticReport",
    "break_identity",
    "corpus",
    "generate_report",
    "identity_checks",
    "layout_extension",
    "printed_codes",
    "publication_date",
    "render",
    "report_title",
]
