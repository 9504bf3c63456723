"""A layout-neutral model of one report: headings, paragraphs and the official tables with their spans.

Every layout renders the same model, so a report says the same thing in HTML, text, DOCX and PDF; only the
printing differs. All choices are drawn from a seed derived from the report's content, so rendering is
deterministic without storing anything beyond the public ``SyntheticReport`` fields.
"""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass, field

from pipelines.contract import APPLICANT_COLUMNS, APPLY_ROWS, FORMAT_2021, LITIGATION_COLUMNS
from pipelines.synthetic.generate import SyntheticReport, has_other_sub_rows
from pipelines.synthetic.wording import (
    CHINESE_NUMERALS,
    Style,
    choose_style,
    opening_paragraph,
    other_items,
    overview_subsections,
    preamble,
    problems,
)


@dataclass(slots=True)
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    code: str | None = None  # the canonical cell a value cell prints


@dataclass
class Table:
    kind: str  # "active" | "apply" | "litigation"
    rows: list[list[Cell]]
    n_cols: int
    header_rows: int = 0

    def grid(self) -> list[list[tuple[Cell, bool]]]:
        """Spans resolved: each position holds (cell covering it, whether it is the cell's top-left)."""
        grid: list[list[tuple[Cell, bool] | None]] = [[None] * self.n_cols for _ in self.rows]
        for r, row in enumerate(self.rows):
            c = 0
            for cell in row:
                while c < self.n_cols and grid[r][c] is not None:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        grid[r + dr][c + dc] = (cell, dr == 0 and dc == 0)
                c += cell.colspan
        return [[position if position is not None else (Cell(""), True) for position in row] for row in grid]

    def origins(self) -> list[tuple[int, int, Cell]]:
        """Each printed cell once with its top-left position, in reading order."""
        return [(r, c, cell) for r, row in enumerate(self.grid()) for c, (cell, origin) in enumerate(row)
                if origin]


@dataclass
class Heading:
    text: str
    level: int  # 1: a numbered section (一、总体情况); 2: a sub-heading inside one


@dataclass
class Paragraph:
    text: str
    align: str = "justify"  # "center" for the title, "right" for the signature and date


Block = Heading | Paragraph | Table


@dataclass
class Document:
    report: SyntheticReport
    style: Style
    title: str
    blocks: list[Block] = field(default_factory=list)
    publication_date: str = ""

    def rng(self, purpose: str) -> random.Random:
        """A random source for one layout's own choices, stable for this report."""
        return random.Random(f"{self.style.seed}:{purpose}")


def style_seed(report: SyntheticReport) -> int:
    """A stable seed from the report's content (str hashes vary per process, crc32 does not)."""
    values = ",".join("" if value is None else repr(value) for value in report.cells.values())
    text = f"{report.agency}|{report.year}|{report.format}|{report.other_as_one_row}|{values}"
    return zlib.crc32(text.encode("utf-8"))


# --- values ---------------------------------------------------------------------------------------------

_AMOUNT_CODES = frozenset({"active.admin_fees.amount", "active.procurement.amount"})
_SUFFIXED_ROWS = ("active.regulations.", "active.normative_docs.")


def value_text(code: str, value: int | float | None, style: Style) -> str:
    """How a table prints a value: blank stays empty; amounts keep every decimal they have."""
    if value is None:
        return ""
    if code in _AMOUNT_CODES:
        text = f"{value:.4f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
        if style.fixed_decimals and ("." not in text or len(text.split(".")[1]) <= 2):
            text = f"{value:.2f}"
        return text + style.amount_suffix
    if code.endswith(".change") and style.plus_sign and value > 0:
        return f"+{value}"
    if style.count_suffix and code.startswith(_SUFFIXED_ROWS):
        return f"{value}件"
    return str(value)


# --- section 二 ----------------------------------------------------------------------------------------

# (item header, column labels, [(row label, row key, column keys)])
ActiveItem = tuple[str, tuple[str, ...], tuple[tuple[str, str, tuple[str, ...]], ...]]

ACTIVE_2021: tuple[ActiveItem, ...] = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"), (
        ("规章", "regulations", ("issued", "repealed", "in_force")),
        ("行政规范性文件", "normative_docs", ("issued", "repealed", "in_force")),
    )),
    ("第二十条第（五）项", ("本年处理决定数量",), (("行政许可", "licensing", ("decisions",)),)),
    ("第二十条第（六）项", ("本年处理决定数量",), (
        ("行政处罚", "penalty", ("decisions",)),
        ("行政强制", "enforcement", ("decisions",)),
    )),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("行政事业性收费", "admin_fees", ("amount",)),)),
)
_ITEM_COLUMNS_2019 = ("prev_year_items", "change", "decisions")
ACTIVE_2019: tuple[ActiveItem, ...] = (
    ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"), (
        ("规章", "regulations", ("new_made", "new_published", "total_published")),
        ("规范性文件", "normative_docs", ("new_made", "new_published", "total_published")),
    )),
    ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"), (
        ("行政许可", "licensing", _ITEM_COLUMNS_2019),
        ("其他对外管理服务事项", "other_services", _ITEM_COLUMNS_2019),
    )),
    ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"), (
        ("行政处罚", "penalty", _ITEM_COLUMNS_2019),
        ("行政强制", "enforcement", _ITEM_COLUMNS_2019),
    )),
    ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (
        ("行政事业性收费", "admin_fees", ("prev_year_items", "change")),
    )),
    ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("政府集中采购", "procurement", ("projects", "amount")),)),
)


def _spans(count: int) -> tuple[int, ...]:
    """Column spans of ``count`` value cells across the three value columns of section 二."""
    return {1: (3,), 2: (1, 2), 3: (1, 1, 1)}[count]


def active_tables(report: SyntheticReport, style: Style) -> list[Table]:
    items = ACTIVE_2021 if report.format == FORMAT_2021 else ACTIVE_2019
    tables: list[Table] = []
    rows: list[list[Cell]] = []
    for item, columns, data_rows in items:
        if style.active_split and rows:
            tables.append(Table("active", rows, 4))
            rows = []
        rows.append([Cell(style.punct(item), colspan=4, header=True)])
        labels = list(columns)
        if labels == ["采购项目数量", "采购总金额"] and style.amount_suffix == "":
            labels[1] = "采购总金额（万元）"
        header = [Cell("信息内容", header=True)]
        header += [Cell(style.punct(label), colspan=span, header=True)
                   for label, span in zip(labels, _spans(len(labels)), strict=True)]
        rows.append(header)
        for label, key, column_keys in data_rows:
            if key == "normative_docs" and report.format == FORMAT_2021:
                label = style.normative_label
            row = [Cell(label)]
            for column, span in zip(column_keys, _spans(len(column_keys)), strict=True):
                code = f"active.{key}.{column}"
                row.append(Cell(value_text(code, report.cells[code], style), colspan=span, code=code))
            rows.append(row)
    tables.append(Table("active", rows, 4))
    return tables


# --- section 三 ----------------------------------------------------------------------------------------

APPLY_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_OTHER_GROUP = "（六）其他处理"


def _apply_groups(report: SyntheticReport, style: Style) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """The outcome groups of 三、本年度办理结果: (group label, [(row key, item label or None)])."""
    sub_rows = has_other_sub_rows(report.format, report.other_as_one_row)
    groups: dict[str, list[tuple[str, str | None]]] = {}
    for key, label, _ in APPLY_ROWS:
        if key in ("new_received", "carried_over", "carried_forward", "total", "other"):
            continue
        if key.startswith("other_") and not sub_rows:
            continue
        parts = label.split(" ")
        if len(parts) == 1:  # （二）部分公开（…）
            group, item = parts[0], None
        elif parts[0].endswith("本年度办理结果"):  # 三、本年度办理结果 （一）予以公开
            group, item = parts[1], None
        else:  # （三）不予公开 1.属于国家秘密
            group, item = parts
        if item is not None:
            number, _, text = item.partition(".")
            item = style.punct(style.item(int(number), style.quote(text)))
        groups.setdefault(style.group(group), []).append((key, item))
    if not sub_rows:
        groups[style.group(_OTHER_GROUP)] = [("other", None)]
    groups[style.group("（七）总计")] = [("total", None)]
    return list(groups.items())


def _value_cells(report: SyntheticReport, style: Style, row: str) -> list[Cell]:
    return [Cell(value_text(f"apply.{row}.{col}", report.cells[f"apply.{row}.{col}"], style),
                 code=f"apply.{row}.{col}") for col, _ in APPLICANT_COLUMNS]


def apply_table(report: SyntheticReport, style: Style) -> Table:
    header = [
        [Cell(style.punct(APPLY_NOTE), rowspan=3, colspan=3, header=True), Cell("申请人情况", colspan=7, header=True)],
        [Cell("自然人", rowspan=2, header=True), Cell("法人或其他组织", colspan=5, header=True),
         Cell("总计", rowspan=2, header=True)],
        [Cell(style.header(label), header=True) for _, label in APPLICANT_COLUMNS[1:6]],
    ]
    rows = header + [
        [Cell(style.punct("一、本年新收政府信息公开申请数量"), colspan=3), *_value_cells(report, style, "new_received")],
        [Cell(style.punct("二、上年结转政府信息公开申请数量"), colspan=3), *_value_cells(report, style, "carried_over")],
    ]
    groups = _apply_groups(report, style)
    outcome_rows = sum(len(items) for _, items in groups)
    first = True
    for group, items in groups:
        for index, (key, item) in enumerate(items):
            row: list[Cell] = []
            if first:
                row.append(Cell("三、本年度办理结果", rowspan=outcome_rows))
                first = False
            if item is None:
                row.append(Cell(group, colspan=2))
            else:
                if index == 0:
                    row.append(Cell(group, rowspan=len(items)))
                row.append(Cell(item))
            rows.append(row + _value_cells(report, style, key))
    rows.append([Cell(style.punct("四、结转下年度继续办理"), colspan=3),
                 *_value_cells(report, style, "carried_forward")])
    return Table("apply", rows, 10, header_rows=3)


def apply_row_labels(report: SyntheticReport, style: Style) -> list[tuple[str, str | None, str]]:
    """Section 三 rows as (group, item, row key) for layouts that flatten the table (markdown)."""
    labels: list[tuple[str, str | None, str]] = [
        (style.punct("一、本年新收政府信息公开申请数量"), None, "new_received"),
        (style.punct("二、上年结转政府信息公开申请数量"), None, "carried_over"),
    ]
    for group, items in _apply_groups(report, style):
        labels.extend((group, item, key) for key, item in items)
    labels.append((style.punct("四、结转下年度继续办理"), None, "carried_forward"))
    return labels


# --- section 四 ----------------------------------------------------------------------------------------

LITIGATION_GROUPS = (("review", "行政复议"), ("direct_suit", "未经复议直接起诉"), ("suit_after_review", "复议后起诉"))


def litigation_table(report: SyntheticReport, style: Style) -> Table:
    labels = [style.header(label) for _, label in LITIGATION_COLUMNS]
    rows = [
        [Cell("行政复议", colspan=5, header=True), Cell("行政诉讼", colspan=10, header=True)],
        [*(Cell(label, rowspan=2, header=True) for label in labels),
         Cell("未经复议直接起诉", colspan=5, header=True), Cell("复议后起诉", colspan=5, header=True)],
        [Cell(label, header=True) for label in labels * 2],
        [Cell(value_text(code, report.cells[code], style), code=code)
         for row, _ in LITIGATION_GROUPS for code in (f"litigation.{row}.{col}" for col, _ in LITIGATION_COLUMNS)],
    ]
    return Table("litigation", rows, 15, header_rows=3)


# --- the whole report ----------------------------------------------------------------------------------


def short_name(report: SyntheticReport) -> str:
    """How the prose names the agency: its township or county, else the agency itself."""
    names = report.region_names
    if report.agency.endswith(("人民政府", "办事处")) and report.region_code:
        if len(report.region_code) == 9 and names.get("township"):
            return names["township"]  # type: ignore[return-value]
        if names.get("county") and report.agency.endswith(f"{names['county']}人民政府"):
            return names["county"]  # type: ignore[return-value]
    return report.agency


def title_of(report: SyntheticReport, style: Style) -> str:
    agency, year = report.agency, report.year
    return (
        f"{agency}{year}年政府信息公开工作年度报告",
        f"{agency}{year}年度政府信息公开工作年度报告",
        f"{year}年{agency}政府信息公开工作年度报告",
    )[style.title_form]


def section_titles(style: Style) -> list[str]:
    """The six sections (plus an inserted one) numbered as printed: keywords find them, not numbers."""
    titles = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", style.litigation_title,
              style.problems_title, "其他需要报告的事项"]
    if style.extra_section is not None:
        index, title = style.extra_section
        titles.insert(index, title)
    separator = "、 " if style.heading_space else "、"
    return [f"{CHINESE_NUMERALS[i]}{separator}{title}" for i, title in enumerate(titles)]


def build_document(report: SyntheticReport) -> Document:
    """The report as headings, paragraphs and tables, every wording choice fixed by its content."""
    style = choose_style(style_seed(report))
    rng = random.Random(style.seed)
    cells = report.cells
    name = short_name(report)
    rng.randint(8, 31)  # keeps the rest of this report's choices as they were
    # the issue date belongs to the agency's report of that year, not to its numbers: an HTML page and its PDF,
    # or a version whose numbers differ, print the same date unless a test or the demo says otherwise
    day = 8 + zlib.crc32(f"{report.agency}|{report.year}".encode()) % 24
    date = f"{report.year + 1}年1月{day}日"
    doc = Document(report, style, title_of(report, style), publication_date=f"{report.year + 1}-01-{day:02d}")

    blocks = doc.blocks
    blocks.append(Paragraph(preamble(style.preamble_form, report.agency, report.year, report.format)))
    sections: list[list[Block]] = []

    overview: list[Block] = [Paragraph(opening_paragraph(rng, name, report.year))]
    for heading, text in overview_subsections(rng, name, report.year, cells["apply.new_received.total"],
                                               cells["apply.total.total"]):
        overview += [Heading(style.punct(heading), 2), Paragraph(text)]
    sections.append(overview)
    sections.append(list(active_tables(report, style)))
    sections.append([apply_table(report, style)])
    sections.append([litigation_table(report, style)])
    sections.append([Paragraph(text) for text in problems(rng, name)])
    section_six: list[Block] = [Paragraph(text) for text in other_items(rng, report.year)]
    fee = Paragraph(report.fee_statement)
    section_six.insert(rng.randint(0, len(section_six)) if report.format == FORMAT_2021 else 0, fee)
    sections.append(section_six)
    if style.extra_section is not None:  # an inserted section: every later number is one higher
        text = f"全年围绕重点领域发布信息{rng.randint(10, 900)}条，及时回应社会关切。"
        sections.insert(style.extra_section[0], [Paragraph(text)])

    for title, body in zip(section_titles(style), sections, strict=True):
        blocks.append(Heading(title, 1))
        blocks.extend(body)
    blocks.append(Paragraph(report.agency, align="right"))
    blocks.append(Paragraph(date, align="right"))
    return doc
