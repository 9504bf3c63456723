"""Tolerant matching of printed row labels to the canonical rows.

Printed labels differ from the format's wording: full/half-width brackets and digits, spaces, ``1、`` for
``1.``, labels wrapped over lines or cut by OCR, ``规范性文件`` for ``行政规范性文件``, typos such as
``其他法律行政止公开``. A label is first folded (NFKC, no whitespace, unified ordinals), then reduced to its
*core* (the text after the last ordinal marker, so ``三、本年度办理结果（三）不予公开1.属于国家秘密`` becomes
``属于国家秘密``), then matched by a distinctive key phrase, and failing that by similarity to the
canonical core.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from pipelines.extract.values import fold

_CN_NUM = "一二三四五六七八九十"
_ORDINAL_RE = re.compile(rf"(?:\([{_CN_NUM}]+\)|[{_CN_NUM}]+[、.,]|(?<![\d.])\d{{1,2}}[.、,](?!\d))")
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})


@lru_cache(maxsize=65536)
def normalize_label(text: str) -> str:
    """Fold a printed label: half-width, no whitespace, ASCII quotes, ``1、``→``1.``."""
    folded = fold(text).translate(_QUOTES)
    folded = re.sub(r"(?<![\d.])(\d{1,2})[、,](?!\d)", r"\1.", folded)
    return folded


@lru_cache(maxsize=65536)
def label_core(text: str) -> str:
    """The label without its ordinal prefixes and group names: what tells the row apart."""
    norm = normalize_label(text)
    parts = [part for part in _ORDINAL_RE.split(norm) if part]
    core = parts[-1] if parts else norm
    return core.strip("|:：.、 ")


def similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


# --- section 三 rows ----------------------------------------------------------------------------------
# row key → (canonical core, key phrases any of which identifies the row when contained in the core)
APPLY_ROW_PATTERNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "new_received": ("本年新收政府信息公开申请数量", ("本年新收",)),
    "carried_over": ("上年结转政府信息公开申请数量", ("上年结转",)),
    "granted": ("予以公开", ("予以公开",)),
    "partially_granted": ("部分公开(区分处理的,只计这一情形,不计其他情形)", ("部分公开",)),
    "denied_state_secret": ("属于国家秘密", ("国家秘密",)),
    "denied_prohibited_by_law": ("其他法律行政法规禁止公开", ("法规禁止公开", "法律行政法规禁止")),
    "denied_security_stability": ('危及"三安全一稳定"', ("三安全一稳定", "三安全")),
    "denied_third_party_rights": ("保护第三方合法权益", ("第三方合法权益",)),
    "denied_internal_affairs": ("属于三类内部事务信息", ("内部事务信息", "三类内部事务")),
    "denied_process_info": ("属于四类过程性信息", ("过程性信息", "四类过程")),
    "denied_enforcement_file": ("属于行政执法案卷", ("行政执法案卷", "执法案卷")),
    "denied_query_matter": ("属于行政查询事项", ("行政查询事项", "查询事项")),
    "unable_not_held": ("本机关不掌握相关政府信息", ("不掌握相关政府信息", "本机关不掌握")),
    "unable_needs_creation": ("没有现成信息需要另行制作", ("另行制作", "没有现成信息")),
    "unable_unclear": ("补正后申请内容仍不明确", ("仍不明确", "补正后申请内容")),
    "rejected_petition": ("信访举报投诉类申请", ("信访举报投诉", "信访举报")),
    "rejected_repeated": ("重复申请", ("重复申请",)),
    "rejected_publication": ("要求提供公开出版物", ("公开出版物",)),
    "rejected_excessive": ("无正当理由大量反复申请", ("大量反复申请", "大量反复")),
    "rejected_confirm": ("要求行政机关确认或重新出具已获取信息", ("确认或重新出具", "重新出具已获取")),
    "other": ("其他处理", ("其他处理",)),
    "other_no_correction": (
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("逾期不补正", "无正当理由逾期"),
    ),
    "other_unpaid_fee": (
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ("缴纳费用", "收费通知"),
    ),
    "other_other": ("其他", ()),
    "total": ("总计", ()),
    "carried_forward": ("结转下年度继续办理", ("结转下年度", "结转下一年")),
}

STRONG = 0.8  # a match this good identifies the row on its own
WEAK = 0.55  # a hint: used where the order of rows agrees


@lru_cache(maxsize=65536)
def match_apply_row(label: str) -> tuple[tuple[str, float], ...]:
    """Candidate canonical rows of section 三 for a printed label, best first, with a score in [0, 1]."""
    core = label_core(label)
    norm = normalize_label(label)
    if not core:
        return ()
    if core in ("其他", "其它"):
        return (("other_other", 1.0),)  # "3.其他" under （六）; the 其他 column header carries no values
    scores: dict[str, float] = {}
    for row, (_canonical, phrases) in APPLY_ROW_PATTERNS.items():
        if row == "other" and any(p in norm for p in ("逾期不补正", "缴纳费用", "收费通知")):
            continue  # （六）其他处理 printed with a sub-item on the same row: the sub-item is meant
        if phrases and any(phrase in core for phrase in phrases):
            scores[row] = 1.0
        elif phrases and any(phrase in norm for phrase in phrases) and len(core) <= 2:
            scores[row] = 0.9  # e.g. "（七）总计" cut to "总计": use the whole label
    if "总计" in core and len(core) <= 4 and not scores:
        scores["total"] = 1.0
    if not scores and len(core) >= 4:
        for row, (canonical, _phrases) in APPLY_ROW_PATTERNS.items():
            if len(canonical) < 4:
                continue
            score = similarity(core, canonical)
            # a label cut by a line break or OCR: compare with the same stretch of the canonical label
            if len(core) < len(canonical):
                score = max(score, 0.95 * _partial_similarity(core, canonical))
            if score >= (WEAK if len(core) >= 6 else 0.85):
                scores[row] = score
    return tuple(sorted(scores.items(), key=lambda item: -item[1]))


def _partial_similarity(short: str, long: str) -> float:
    """How well ``short`` matches its best window of ``long`` (for labels cut mid-way)."""
    if len(short) < 5:
        return 0.0
    best = 0.0
    width = len(short)
    for start in range(0, len(long) - width + 1):
        best = max(best, similarity(short, long[start : start + width]))
        if best == 1.0:
            break
    return best


# --- section 二 rows ----------------------------------------------------------------------------------
ACTIVE_ROW_PATTERNS: dict[str, tuple[str, ...]] = {
    "regulations": ("规章",),
    "normative_docs": ("规范性文件",),
    "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项", "对外管理服务"),
    "penalty": ("行政处罚",),
    "enforcement": ("行政强制",),
    "admin_fees": ("行政事业性收费", "事业性收费"),
    "procurement": ("政府集中采购", "集中采购"),
}


@lru_cache(maxsize=65536)
def match_active_row(label: str) -> str | None:
    """The section 二 row a label names, or None. Labels there are short and exact enough for phrases."""
    core = label_core(label)
    norm = normalize_label(label)
    if len(core) > 24:  # prose, not a row label
        return None
    for row, phrases in ACTIVE_ROW_PATTERNS.items():
        if any(phrase in core for phrase in phrases):
            return row
    for row, phrases in ACTIVE_ROW_PATTERNS.items():
        if any(phrase in norm for phrase in phrases) and len(norm) <= 30:
            return row
    return None
