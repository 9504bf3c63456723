"""Who reported, for which year, in which format.

The agency and the reported year come from the title or the opening sentence ("现将XX2024年政府信息公开工作
情况报告如下"), never from the publication date printed at the end. The format is decided by the table
headers each format prints, not by the year alone.
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.contract import FORMAT_2019, FORMAT_2021, FORMAT_UNKNOWN
from pipelines.extract.values import fold

#: Every block of CJK ideographs, not only the common one: place names use rare characters from the extensions
#: (汕头 𬒈石街道, U+2C488 in extension E), and an agency cut at one would lose the first part of its name.
_CJK = (r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # extension A, unified, compatibility
        r"\U00020000-\U0002fa1f\U00030000-\U000323af")  # extensions B to I, compatibility supplement, G and H
_AGENCY = rf"[{_CJK}()（）·]{{2,40}}?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_REPORT = r"(?:政府信息公开|政务公开|信息公开|政府信息)(?:工作)?(?:情况)?的?(?:年度)?(?:工作)?(?:报告|年报)"
_OPENING = re.compile(rf"现将(?P<agency>{_AGENCY}){_YEAR}年度?的?{_REPORT}")
_TITLE_AGENCY_FIRST = re.compile(rf"(?P<agency>{_AGENCY}){_YEAR}年度?的?{_REPORT}")
_TITLE_YEAR_FIRST = re.compile(rf"{_YEAR}年度?的?(?P<agency>{_AGENCY})??{_REPORT}")
_TITLE_YEAR_AFTER = re.compile(rf"(?P<agency>{_AGENCY}){_REPORT}[(（]{_YEAR}年?度?[)）]")
#: "XX局政府信息公开工作2023年度报告": the year inside the report's name
_TITLE_YEAR_INSIDE = re.compile(
    rf"(?P<agency>{_AGENCY})(?:政府信息公开|政务公开|信息公开)(?:工作)?{_YEAR}年度?(?:工作)?(?:报告|年报)")
#: "2024年政府信息公开工作年度报告" over "（勍香镇人民政府）": the agency on the title's next line (a joined candidate)
_TITLE_THEN_AGENCY = re.compile(rf"^{_YEAR}年度?的?{_REPORT}(?P<agency>{_AGENCY})$")
_PERIOD = re.compile(
    r"(?:统计|期限|期间|周期)[^。]{0,12}?(?P<year>(?:19|20)\d{2})(?:年0?1月0?1日|年一月一日|[.．/-]0?1[.．/-]0?1(?!\d))"
)
#: What opening sentences put before the agency: "现将…", "现向社会公布…", "现予公布…", "编制…".
_NOISE_PREFIX = re.compile(
    r"^(?:正文|附件\d*|标题|关于|印发|现将|根据|公开|发布|转发|首页|当前位置|年报|我[局委办县区市镇乡]"
    r"|(?:现|特此|特)?(?:向社会)?(?:予以|予)?(?:公布|发布|公开)|编制(?:了|完成)?)+"
)

MARKERS_2021 = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额", "逾期不补正", "缴纳费用")
MARKERS_2019 = ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "其他对外管理服务事项",
                "政府集中采购", "采购总金额")


def _clean_agency(name: str | None) -> str | None:
    if not name:
        return None
    name = re.sub(r"^[()（）]|[()（）]$", "", name)
    parts = [part for part in re.split(r"关于(?:印发|公布|发布)?", name) if part]
    name = parts[-1] if parts else ""  # "XX办公室关于印发XX县…年度报告的通知", "XX局关于2023年…"
    name = _NOISE_PREFIX.sub("", name)
    name = name.strip("·")
    return name if len(name) >= 2 else None


_AGENCY_END = re.compile(
    r"(?:政府|办公厅|办公室|委员会|委|局|厅|部|署|院|镇|乡|街道|办事处|中心|管委会|管理委员会|区|县|市|旗|所|站|队|"
    r"会|处|社|行|馆|司|室|团|园|场|校|省)$"
)


_REPORT_WORDS = re.compile(r"信息公开|政务公开|年度报告|工作报告|年报")


def _plausible_agency(name: str | None) -> str | None:
    name = _clean_agency(name)
    if not name or len(name) < 3 or name in ("人民政府", "本机关", "本单位"):
        return None
    if _REPORT_WORDS.search(name):  # a title's own words, from a candidate joined with the next line
        return None
    return name if _AGENCY_END.search(name) else None


#: Years and dates in Chinese numerals (二〇二四年, 二〇二五年一月二十日: formal titles and signatures): read as
#: digits wherever a year or a date is looked for.
_CN_YEAR_DIGITS = r"[一二][〇零○一二三四五六七八九]{3}"
_CN_YEAR = re.compile(rf"{_CN_YEAR_DIGITS}(?=年)")
_CN_DATE = re.compile(rf"(?P<y>{_CN_YEAR_DIGITS})年(?P<m>[一二三四五六七八九十]{{1,2}})月(?P<d>[一二三四五六七八九十]{{1,3}})日")
_CN_DIGITS = str.maketrans("〇零○一二三四五六七八九", "000123456789")
_CN_UNITS = {char: value for value, char in enumerate("〇一二三四五六七八九")}


def _cn_number(text: str) -> int | None:
    """一 … 三十一 (十 is ten, 十二 twelve, 二十一 twenty-one); None for anything else (十十)."""
    tens, ten, ones = text.partition("十")
    if not ten:
        return _CN_UNITS.get(text)
    if (tens and tens not in _CN_UNITS) or (ones and ones not in _CN_UNITS):
        return None
    return (_CN_UNITS[tens] if tens else 1) * 10 + (_CN_UNITS[ones] if ones else 0)


def _arabic_date(match: re.Match[str]) -> str:
    month, day = _cn_number(match.group("m")), _cn_number(match.group("d"))
    if month is None or day is None:
        return match.group()
    return f"{match.group('y').translate(_CN_DIGITS)}年{month}月{day}日"


def arabic_years(text: str) -> str:
    """``text`` with its years, and dates, in Chinese numerals written in digits (二〇二四年 → 2024年,
    二〇二五年一月二十日 → 2025年1月20日: formal titles and signatures write them so)."""
    if "年" not in text:
        return text
    text = _CN_DATE.sub(_arabic_date, text)
    return _CN_YEAR.sub(lambda match: match.group().translate(_CN_DIGITS), text)


_TITLE_PUNCTUATION = re.compile(r"[【】〖〗\[\]]|[-—–_|:：·]+(?=(?:19|20)\d{2}年)")


def _title_form(text: str) -> str:
    """A line as titles are matched: years in digits, no 【】 around the agency, no separator before the year
    (``【勍香镇】2024年…``, ``勍香镇人民政府-2024年…``)."""
    return _TITLE_PUNCTUATION.sub("", arabic_years(text))


def find_title(folded: list[str], title: str | None) -> tuple[str | None, int | None]:
    """(agency, year) from the document title, the opening lines (folded), or the opening sentence.

    Lines are tried in order, each alone and joined with the next (titles broken over two lines), so the
    first title-like line wins over prose further down that also names a year and a report.
    """
    folded = [_title_form(line) for line in folded]
    candidates = [_title_form(fold(title))] if title else []
    for i, line in enumerate(folded):
        candidates.append(line)
        if i + 1 < len(folded):
            candidates.append(line + folded[i + 1])
    year_only: int | None = None
    for text in candidates:
        for pattern in (_OPENING, _TITLE_AGENCY_FIRST, _TITLE_YEAR_FIRST, _TITLE_YEAR_AFTER, _TITLE_YEAR_INSIDE,
                        _TITLE_THEN_AGENCY):
            for match in pattern.finditer(text):
                agency = _plausible_agency(match.group("agency"))
                if agency:
                    return agency, int(match.group("year"))
                if pattern in (_TITLE_YEAR_FIRST, _TITLE_YEAR_AFTER) and year_only is None:
                    year_only = int(match.group("year"))
    return None, year_only


_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})(?:年|[-/.])(?P<m>\d{1,2})(?:月|[-/.])(?P<d>\d{1,2})日?")
_DATE_LABEL = re.compile(r"(?:发布|成文|印发|公开|更新)(?:日期|时间)")
#: Searched in folded text, where （修订） reads (修订).
_REVISION_MARK = re.compile(r"更正|修正|勘误|修订版|修订稿|\(修订\)|更新版|重新发布")


def _date(match: re.Match[str]) -> date | None:
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return None


def find_published_on(folded: list[str], year: int | None) -> date | None:
    """The date the document is issued with: the date it is signed with at the end (the same in an HTML
    page and its PDF), else a 发布日期/成文日期 line near the top. Only dates from the reported year to two
    years later count (not dates in the prose)."""
    def plausible(day: date | None) -> bool:
        return day is not None and (year is None or year <= day.year <= year + 2)

    for line in reversed(folded[-10:]):
        if len(line) > 40:
            continue
        line = arabic_years(line)
        for match in reversed(list(_DATE.finditer(line))):
            day = _date(match)
            if plausible(day):
                return day
    for line in folded[:40]:
        line = arabic_years(line)
        label = _DATE_LABEL.search(line)
        if label:
            for match in _DATE.finditer(line, label.end()):
                day = _date(match)
                if plausible(day):
                    return day
    return None


def has_revision_mark(title: str | None, folded: list[str]) -> bool:
    """The title says the document corrects or revises an earlier one (（更正）, 修订版…)."""
    texts = ([fold(title)] if title else []) + folded[:3]
    return any(_REVISION_MARK.search(text) for text in texts)


def find_period_year(text: str) -> int | None:
    """The year of the statistics period ("统计期限从2025年1月1日…"), a fallback for the reported year."""
    match = _PERIOD.search(arabic_years(fold(text)))
    return int(match.group("year")) if match else None


_OPENING_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})年度?(?:[,，]|以来|来)")


def find_opening_year(folded: list[str]) -> int | None:
    """The year a paragraph opens with ("2020年，在县委县政府的正确领导下…"): how the 总体情况 section states
    the year reported on. A fallback when neither a title nor the statistics period gives it."""
    for line in folded[:80]:
        match = _OPENING_YEAR.match(arabic_years(line))
        if match:
            return int(match.group("year"))
    return None


def find_signature(lines: list[str]) -> str | None:
    """The agency that signs at the end (a short line ending in 人民政府/局/委员会/办公室…)."""
    for line in reversed(lines[-12:]):
        text = fold(line)
        if 3 <= len(text) <= 30 and re.search(r"(人民政府|办公厅|办公室|委员会|局|厅|署|部|中心|街道办事处)$", text):
            return text
    return None


def detect_format(text: str) -> tuple[str, str]:
    """(format, why): from the headers each format prints."""
    folded = fold(text)
    hits_2021 = [marker for marker in MARKERS_2021 if marker in folded]
    hits_2019 = [marker for marker in MARKERS_2019 if marker in folded]
    if len(hits_2021) > len(hits_2019):
        return FORMAT_2021, "headers of the 2021 format: " + "、".join(hits_2021)
    if len(hits_2019) > len(hits_2021):
        return FORMAT_2019, "headers of the 2019 format: " + "、".join(hits_2019)
    return FORMAT_UNKNOWN, "no headers of either format"
