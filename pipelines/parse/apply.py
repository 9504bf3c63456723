"""Section 三: outcome rows × applicant columns.

Printed rows are matched to the canonical rows by an order-preserving alignment (as in sequence
alignment): a row whose label is recognised anchors itself; rows whose label was lost (OCR, labels printed
apart from their numbers) are placed between the anchors only when exactly as many rows are missing there
as unlabeled rows were printed. Nothing is placed by guesswork: an unplaceable row stays null, with a
warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.contract import APPLICANT_KEYS, APPLY_ROW_KEYS, FORMAT_2021, OTHER_SUB_ROWS
from pipelines.extract.values import NUMBER, CellValue
from pipelines.parse.labels import STRONG, match_apply_row
from pipelines.parse.layout import Group, align_to_table_columns, fit_values

WIDTH = len(APPLICANT_KEYS)


@dataclass
class ApplyResult:
    rows: dict[str, list[CellValue | None]]  # canonical row → 7 cells (None = not printed / unknown)
    other_as_one_row: bool
    warnings: list[str]


def _candidates(group: Group) -> dict[str, float]:
    for text in group.label_variants():
        found = dict(match_apply_row(text))
        if found:
            return found
    return {}


def _row_scores(group: Group, candidates: dict[str, float], rows: list[str]) -> dict[str, float]:
    """What placing the group on each row is worth; rows left out are forbidden.

    A recognised label pins its row; a weak one prefers its rows; an unlabeled row of numbers may fill
    any row (the gap check decides later whether that was sure). A row of blanks goes only where its
    own label says.
    """
    strong = {row: 3.0 * score for row, score in candidates.items() if score >= STRONG and row in rows}
    if strong or any(score >= STRONG for score in candidates.values()):
        return strong
    if not group.numbers:
        return {}
    filler = dict.fromkeys(rows, 0.2) if _is_full(group) else {}
    filler.update({row: 1.5 * score for row, score in candidates.items() if row in rows})
    return filler


def _is_full(group: Group) -> bool:
    """An unlabeled row is only placed when it carries a whole row of numbers."""
    return len(group.numbers) >= WIDTH - 1


def _align(scores: list[dict[str, float]], rows: list[str]) -> tuple[float, list[int | None]]:
    """Best order-preserving assignment of groups to rows, by search; returns (score, row index per group).
    The caller tries ``_direct_assignment`` first: the common case needs no search.

    ``scores[g]`` maps the rows group g may take to what taking them is worth (absent: forbidden).
    """
    n, m = len(scores), len(rows)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[0] * (m + 1) for _ in range(n + 1)]  # 0 skip group, 1 skip row, 2 assign
    for i in range(1, n + 1):
        best[i][0] = best[i - 1][0]
        allowed = scores[i - 1]
        prev, here, moves = best[i - 1], best[i], move[i]
        for j in range(1, m + 1):
            value, step = prev[j], 0
            if here[j - 1] >= value:
                value, step = here[j - 1], 1
            score = allowed.get(rows[j - 1])
            if score is not None and prev[j - 1] + score >= value:
                value, step = prev[j - 1] + score, 2
            here[j], moves[j] = value, step
    placed: list[int | None] = [None] * n
    i, j = n, m
    while i > 0 and j > 0:
        step = move[i][j]
        if step == 2:
            placed[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif step == 1:
            j -= 1
        else:
            i -= 1
    return best[n][m], placed


_MARGIN = 1e-9  # float sums in another order may differ in their last bits


def _upper_bound(scores: list[dict[str, float]]) -> float:
    """No assignment scores more than every group taking its best row."""
    return sum(max(allowed.values(), default=0.0) for allowed in scores)


def _direct_assignment(scores: list[dict[str, float]], rows: list[str]) -> tuple[float, list[int | None]] | None:
    """The common case without search: every group names exactly one row, in the rows' order."""
    position = {row: k for k, row in enumerate(rows)}
    placed: list[int | None] = []
    total, last = 0.0, -1
    for allowed in scores:
        if len(allowed) != 1:
            return None
        (row, score), = allowed.items()
        k = position.get(row)
        if k is None or k <= last or score < 3.0 * STRONG:
            return None
        placed.append(k)
        total += score
        last = k
    return total, placed


def _validate(groups: list[Group], cands: list[dict[str, float]], rows: list[str],
              placed: list[int | None], warnings: list[str]) -> list[int | None]:
    """Keep a row placed without a recognised label only where the gap between anchors is exactly filled."""
    anchors = [
        (g, placed[g]) for g in range(len(groups))
        if placed[g] is not None and cands[g].get(rows[placed[g]], 0.0) >= STRONG
    ]
    bounds = [(-1, -1), *anchors, (len(groups), len(rows))]
    result = list(placed)
    for (g0, r0), (g1, r1) in zip(bounds, bounds[1:], strict=False):
        inner = [g for g in range(g0 + 1, g1) if placed[g] is not None]
        if not inner:
            continue
        free_rows = r1 - r0 - 1
        if len(inner) == free_rows:
            continue
        for g in inner:
            best_row = max(cands[g], key=cands[g].get) if cands[g] else None
            if best_row is not None and best_row == rows[placed[g]]:
                continue  # a weakly recognised label that the order confirms
            result[g] = None
            warnings.append(
                f"section 三: a printed row of numbers ({_show(groups[g])}) could not be placed: "
                f"{len(inner)} unlabeled rows for {free_rows} missing rows"
            )
    return result


def _place_out_of_order(groups: list[Group], cands: list[dict[str, float]], rows: list[str],
                        placed: list[int | None], warnings: list[str]) -> list[int | None]:
    """A row printed out of the format's order is left out by the alignment; when its label names exactly
    one row that nothing else took, it is placed there (its label says where it belongs)."""
    taken = {r for r in placed if r is not None}
    result = list(placed)
    for g, group in enumerate(groups):
        if result[g] is not None or not group.numbers:
            continue
        strong = [row for row, score in cands[g].items() if score >= STRONG and row in rows]
        if len(strong) == 1 and rows.index(strong[0]) not in taken:
            result[g] = rows.index(strong[0])
            taken.add(result[g])
            warnings.append(f"section 三 row {strong[0]} is printed out of the format's order; placed by its label")
    return result


def _differ(a: list[CellValue | None], b: list[CellValue | None]) -> bool:
    def number(cell: CellValue | None) -> float | int | None:
        return cell.value if cell is not None and cell.kind == NUMBER else None
    return [number(x) for x in a] != [number(y) for y in b]


def _show(group: Group) -> str:
    return " ".join(str(v.value) if v.kind == NUMBER else "·" for v in group.values)


def parse_apply(groups: list[Group], fmt: str) -> ApplyResult:
    """Assign printed groups to canonical rows and columns."""
    warnings: list[str] = []
    cands = [_candidates(group) for group in groups]
    sub_rows = [row for row in APPLY_ROW_KEYS if row != "other"]
    one_row = [row for row in APPLY_ROW_KEYS if row not in OTHER_SUB_ROWS]
    variants = [(one_row, True)] if fmt != FORMAT_2021 else [(sub_rows, False), (one_row, True)]
    prepared = []
    for rows, as_one in variants:
        scores = [_row_scores(group, cand, rows) for group, cand in zip(groups, cands, strict=True)]
        prepared.append((scores, rows, as_one, _direct_assignment(scores, rows)))
    # the search is the costly part: a variant whose best conceivable score is below that of an in-order
    # assignment already found is never the best one, and is not searched
    found = max((direct[0] for *_, direct in prepared if direct is not None), default=None)
    scored = []
    for scores, rows, as_one, direct in prepared:
        if direct is None and found is not None and _upper_bound(scores) < found - _MARGIN:
            continue
        scored.append((direct if direct is not None else _align(scores, rows), rows, as_one))
    (score, placed), rows, as_one = max(scored, key=lambda item: item[0][0])
    placed = _validate(groups, cands, rows, placed, warnings)
    placed = _place_out_of_order(groups, cands, rows, placed, warnings)

    result: dict[str, list[CellValue | None]] = {}
    by_column = align_to_table_columns(groups, WIDTH)
    for g, r in enumerate(placed):
        if r is None:
            continue
        row = rows[r]
        fitted = fit_values(groups[g].values, WIDTH)
        if g in by_column:
            if fitted is not None and _differ(fitted, by_column[g]):
                warnings.append(
                    f"section 三 row {row}: blank cells make the printed row ({_show(groups[g])}) ambiguous "
                    "between the table's columns and its own layout; left empty"
                )
                continue
            fitted = by_column[g]
        if fitted is None:
            warnings.append(
                f"section 三 row {row}: {len(groups[g].values)} printed cells ({_show(groups[g])}) "
                f"do not fit the {WIDTH} applicant columns; left empty"
            )
            continue
        if row not in result:
            result[row] = fitted
    missing = [row for row in rows if row not in result]
    if missing and len(missing) < len(rows):
        warnings.append(f"section 三: rows not found: {', '.join(missing)}")
    return ApplyResult(result, as_one, warnings)
