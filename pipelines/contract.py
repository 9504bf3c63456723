"""The canonical cells of the annual report tables (the contract of ``shared/contract/cells.csv``).

The cell list is built from the structure of the two State Council formats (rows × columns per section)
rather than read from a file at run time, because the parser, the warehouse comments and the Chinese
export headers all need that structure; ``tests/test_contract.py`` proves it equals the shared contract.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

FORMAT_2021 = "2021"
FORMAT_2019 = "2019"
FORMAT_UNKNOWN = "unknown"
FORMATS = (FORMAT_2021, FORMAT_2019)

SECTION_ACTIVE = "二、主动公开政府信息情况"
SECTION_APPLY = "三、收到和处理政府信息公开申请情况"
SECTION_LITIGATION = "四、政府信息公开行政复议、行政诉讼情况"
SECTION_OTHER = "六、其他需要报告的事项"


@dataclass(frozen=True)
class CellSpec:
    """One canonical cell: ``section.row.column`` with its printed labels."""

    code: str
    section: str
    row_label: str
    column_label: str
    unit: str  # count | 10k_yuan | yuan
    format: str  # 2021 | 2019 | both

    @property
    def row(self) -> str:
        return self.code.split(".")[1]

    @property
    def column(self) -> str:
        return self.code.split(".")[2]

    @property
    def group(self) -> str:
        return self.code.split(".")[0]

    def in_format(self, fmt: str) -> bool:
        return self.format in ("both", fmt)


# --- section 二: active disclosure -------------------------------------------------------------------
# (row key, printed row label, [(column key, column label, unit, format)])
ACTIVE_ROWS: tuple[tuple[str, str, tuple[tuple[str, str, str, str], ...]], ...] = (
    ("regulations", "第二十条第（一）项 规章", (
        ("issued", "本年制发件数", "count", "2021"),
        ("repealed", "本年废止件数", "count", "2021"),
        ("in_force", "现行有效件数", "count", "2021"),
    )),
    ("normative_docs", "第二十条第（一）项 行政规范性文件", (
        ("issued", "本年制发件数", "count", "2021"),
        ("repealed", "本年废止件数", "count", "2021"),
        ("in_force", "现行有效件数", "count", "2021"),
    )),
    ("licensing", "第二十条第（五）项 行政许可", (("decisions", "本年处理决定数量", "count", "both"),)),
    ("penalty", "第二十条第（六）项 行政处罚", (("decisions", "本年处理决定数量", "count", "both"),)),
    ("enforcement", "第二十条第（六）项 行政强制", (("decisions", "本年处理决定数量", "count", "both"),)),
    ("admin_fees", "第二十条第（八）项 行政事业性收费", (
        ("amount", "本年收费金额（单位：万元）", "10k_yuan", "2021"),
    )),
    ("regulations", "第二十条第（一）项 规章", (
        ("new_made", "本年新制作数量", "count", "2019"),
        ("new_published", "本年新公开数量", "count", "2019"),
        ("total_published", "对外公开总数量", "count", "2019"),
    )),
    ("normative_docs", "第二十条第（一）项 规范性文件", (
        ("new_made", "本年新制作数量", "count", "2019"),
        ("new_published", "本年新公开数量", "count", "2019"),
        ("total_published", "对外公开总数量", "count", "2019"),
    )),
    ("licensing", "第二十条第（五）项 行政许可", (
        ("prev_year_items", "上一年项目数量", "count", "2019"),
        ("change", "本年增/减", "count", "2019"),
    )),
    ("other_services", "第二十条第（五）项 其他对外管理服务事项", (
        ("prev_year_items", "上一年项目数量", "count", "2019"),
        ("change", "本年增/减", "count", "2019"),
        ("decisions", "处理决定数量", "count", "2019"),
    )),
    ("penalty", "第二十条第（六）项 行政处罚", (
        ("prev_year_items", "上一年项目数量", "count", "2019"),
        ("change", "本年增/减", "count", "2019"),
    )),
    ("enforcement", "第二十条第（六）项 行政强制", (
        ("prev_year_items", "上一年项目数量", "count", "2019"),
        ("change", "本年增/减", "count", "2019"),
    )),
    ("admin_fees", "第二十条第（八）项 行政事业性收费", (
        ("prev_year_items", "上一年项目数量", "count", "2019"),
        ("change", "本年增/减", "count", "2019"),
    )),
    ("procurement", "第二十条第（九）项 政府集中采购", (
        ("projects", "采购项目数量", "count", "2019"),
        ("amount", "采购总金额（万元）", "10k_yuan", "2019"),
    )),
)

# --- section 三: applications (outcome row × applicant column) -----------------------------------------
APPLICANT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("public_interest_org", "社会公益组织"),
    ("legal_service_org", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
)
APPLICANT_KEYS: tuple[str, ...] = tuple(key for key, _ in APPLICANT_COLUMNS)

_OTHER_ROW_LABEL = (
    "（六）其他处理: the row itself where printed as one row (always in 2019, in some 2021 documents), "
    "else the sum of its sub-items"
)

# (row key, printed row label, format)
APPLY_ROWS: tuple[tuple[str, str, str], ...] = (
    ("new_received", "一、本年新收政府信息公开申请数量", "both"),
    ("carried_over", "二、上年结转政府信息公开申请数量", "both"),
    ("granted", "三、本年度办理结果 （一）予以公开", "both"),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "both"),
    ("denied_state_secret", "（三）不予公开 1.属于国家秘密", "both"),
    ("denied_prohibited_by_law", "（三）不予公开 2.其他法律行政法规禁止公开", "both"),
    ("denied_security_stability", "（三）不予公开 3.危及“三安全一稳定”", "both"),
    ("denied_third_party_rights", "（三）不予公开 4.保护第三方合法权益", "both"),
    ("denied_internal_affairs", "（三）不予公开 5.属于三类内部事务信息", "both"),
    ("denied_process_info", "（三）不予公开 6.属于四类过程性信息", "both"),
    ("denied_enforcement_file", "（三）不予公开 7.属于行政执法案卷", "both"),
    ("denied_query_matter", "（三）不予公开 8.属于行政查询事项", "both"),
    ("unable_not_held", "（四）无法提供 1.本机关不掌握相关政府信息", "both"),
    ("unable_needs_creation", "（四）无法提供 2.没有现成信息需要另行制作", "both"),
    ("unable_unclear", "（四）无法提供 3.补正后申请内容仍不明确", "both"),
    ("rejected_petition", "（五）不予处理 1.信访举报投诉类申请", "both"),
    ("rejected_repeated", "（五）不予处理 2.重复申请", "both"),
    ("rejected_publication", "（五）不予处理 3.要求提供公开出版物", "both"),
    ("rejected_excessive", "（五）不予处理 4.无正当理由大量反复申请", "both"),
    ("rejected_confirm", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息", "both"),
    ("other", _OTHER_ROW_LABEL, "both"),
    ("other_no_correction",
     "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "2021"),
    ("other_unpaid_fee",
     "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "2021"),
    ("other_other", "（六）其他处理 3.其他", "2021"),
    ("total", "（七）总计", "both"),
    ("carried_forward", "四、结转下年度继续办理", "both"),
)
APPLY_ROW_KEYS: tuple[str, ...] = tuple(key for key, _, _ in APPLY_ROWS)

#: Outcome rows that add up to （七）总计 (the （六） sub-items are summed into ``other``).
OUTCOME_ROWS: tuple[str, ...] = (
    "granted", "partially_granted",
    "denied_state_secret", "denied_prohibited_by_law", "denied_security_stability",
    "denied_third_party_rights", "denied_internal_affairs", "denied_process_info",
    "denied_enforcement_file", "denied_query_matter",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "rejected_petition", "rejected_repeated", "rejected_publication", "rejected_excessive", "rejected_confirm",
    "other",
)
OTHER_SUB_ROWS: tuple[str, ...] = ("other_no_correction", "other_unpaid_fee", "other_other")

# --- section 四: administrative review and litigation ----------------------------------------------------
LITIGATION_ROWS: tuple[tuple[str, str], ...] = (
    ("review", "行政复议"),
    ("direct_suit", "行政诉讼 未经复议直接起诉"),
    ("suit_after_review", "行政诉讼 复议后起诉"),
)
LITIGATION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)

#: The codes of each section 三 row, column by column (applicant columns, then 总计).
APPLY_CODES: dict[str, tuple[str, ...]] = {
    row: tuple(f"apply.{row}.{col}" for col in APPLICANT_KEYS) for row in APPLY_ROW_KEYS
}
#: The codes of each section 四 row, column by column (维持, 纠正, 其他, 尚未审结, 总计).
LITIGATION_CODES: dict[str, tuple[str, ...]] = {
    row: tuple(f"litigation.{row}.{col}" for col, _ in LITIGATION_COLUMNS) for row, _ in LITIGATION_ROWS
}

FEE_CODE = "fees.info_processing_fee.amount"


@cache
def all_cells() -> tuple[CellSpec, ...]:
    """Every canonical cell, in the contract's order."""
    cells: list[CellSpec] = []
    for row, label, columns in ACTIVE_ROWS:
        for col, col_label, unit, fmt in columns:
            cells.append(CellSpec(f"active.{row}.{col}", SECTION_ACTIVE, label, col_label, unit, fmt))
    for row, label, fmt in APPLY_ROWS:
        for code, (_, col_label) in zip(APPLY_CODES[row], APPLICANT_COLUMNS, strict=True):
            cells.append(CellSpec(code, SECTION_APPLY, label, col_label, "count", fmt))
    for row, label in LITIGATION_ROWS:
        for code, (_, col_label) in zip(LITIGATION_CODES[row], LITIGATION_COLUMNS, strict=True):
            cells.append(CellSpec(code, SECTION_LITIGATION, label, col_label, "count", "both"))
    cells.append(CellSpec(FEE_CODE, SECTION_OTHER, "信息处理费 (国办函〔2020〕109号)", "本年收取金额", "yuan", "2021"))
    return tuple(cells)


@cache
def cells_by_code() -> dict[str, CellSpec]:
    return {cell.code: cell for cell in all_cells()}


@cache
def codes_for(fmt: str) -> tuple[str, ...]:
    """The codes a report of format ``fmt`` carries (its own cells and the ``both`` cells)."""
    if fmt not in FORMATS:
        return ()
    return tuple(cell.code for cell in all_cells() if cell.in_format(fmt))


def empty_cells(fmt: str) -> dict[str, float | None]:
    """A cell dict for ``fmt`` with every value null: nothing is known until the document says it."""
    return dict.fromkeys(codes_for(fmt))
