"""Agency, reported year, issue date and correction marks from titles and signatures."""

from __future__ import annotations

from datetime import date

import pytest

from pipelines.extract.values import fold
from pipelines.parse.meta import (
    detect_format,
    find_opening_year,
    find_period_year,
    find_published_on,
    find_title,
    has_revision_mark,
)


@pytest.mark.parametrize(("line", "agency", "year"), [
    ("开原市中固镇人民政府2024年政府信息公开工作年度报告", "开原市中固镇人民政府", 2024),
    ("2023年临汾市人民政府政府信息公开工作年度报告", "临汾市人民政府", 2023),
    ("临汾市教育局关于2023年政府信息公开工作年度报告", "临汾市教育局", 2023),
    ("临汾市教育局政府信息公开工作年度报告（2023年）", "临汾市教育局", 2023),
    ("临汾市尧都区人民政府2022年政府信息公开工作年度报告_临汾市人民政府", "临汾市尧都区人民政府", 2022),
    ("2023年度临汾市财政局政府信息公开工作报告", "临汾市财政局", 2023),
    ("临汾市财政局2023年度政务公开工作年度报告", "临汾市财政局", 2023),
    ("现将开原市中固镇人民政府2024年政府信息公开工作情况报告如下:", "开原市中固镇人民政府", 2024),
    ("2023年政府信息公开工作年度报告", None, 2023),
    ("临汾市财政局二〇二三年度政府信息公开工作年度报告", "临汾市财政局", 2023),
    ("二零二四年政府信息公开工作年度报告", None, 2024),
    ("临汾市财政局-2023年政府信息公开工作年度报告", "临汾市财政局", 2023),
    ("【临汾市财政局】2023年政府信息公开工作年度报告", "临汾市财政局", 2023),
    # a place name with a character outside the common block (U+2C488, CJK extension E) is read whole
    ("𬒈石街道办事处2022年政府信息公开工作年度报告", "𬒈石街道办事处", 2022),
    ("2022年濠江区𬒈石街道办事处政府信息公开工作年度报告", "濠江区𬒈石街道办事处", 2022),
    # a site name after the title may be the parent government's portal: not taken for the agency
    ("2023年政府信息公开工作年度报告_临汾市人民政府", None, 2023),
    ("沭阳县交通运输局关于2023年度政府信息公开工作的年度报告", "沭阳县交通运输局", 2023),
    ("沭阳县司法局政府信息公开工作2023年度报告", "沭阳县司法局", 2023),
    # opening sentences: what precedes the agency is no part of it (沭阳县发改局's page once gave
    # "现向社会公布沭阳县发展和改革局")
    ("要求，现向社会公布沭阳县发展和改革局2023年度政府信息公开年度报告。", "沭阳县发展和改革局", 2023),
    ("现予公布临汾市财政局2023年政府信息公开工作年度报告。", "临汾市财政局", 2023),
    ("特此向社会公开临汾市财政局2023年政府信息公开工作年度报告。", "临汾市财政局", 2023),
    ("根据要求，编制了临汾市财政局2023年政府信息公开工作年度报告。", "临汾市财政局", 2023),
])
def test_title_gives_agency_and_reported_year(line, agency, year):
    assert find_title([fold(line)], None) == (agency, year)


def test_a_line_joined_with_the_title_under_it_gives_no_agency_of_report_words():
    """Lines are also tried joined with the next (titles broken in two): a line ending in 年度报告 joined with the
    title under it must not make an agency of the words between them."""
    lines = [fold("关于做好政府信息公开工作的年度报告"), fold("舞泉镇2021年政府信息公开工作年度报告")]
    assert find_title(lines, None) == ("舞泉镇", 2021)


def test_title_over_two_lines_with_the_agency_under_it():
    assert find_title([fold("2024年政府信息公开工作年度报告"), fold("（勍香镇人民政府）")], None) == ("勍香镇人民政府", 2024)


@pytest.mark.parametrize("sentence", [
    "本报告中所列数据的统计期限自2024年1月1日起至12月31日止",
    "统计期限为2024年01月01日至2024年12月31日",
    "数据统计期限为2024.1.1-2024.12.31",
    "统计期限为2024-01-01至2024-12-31",
    "所列数据统计周期为 2024 年 1 月 1 日至 12 月 31 日",
    "本年度报告中所列数据的统计期限自二〇二四年一月一日起至十二月三十一日止",
])
def test_year_from_the_statistics_period(sentence):
    assert find_period_year(sentence) == 2024


def test_a_date_that_is_no_period_start_gives_no_year():
    assert find_period_year("统计期间2024.1.15发布") is None


def test_year_from_a_paragraph_opening_with_it():
    assert find_opening_year([fold("一、总体情况"), fold("2020 年，在县委县政府的正确领导下，我乡…")]) == 2020
    assert find_opening_year([fold("二〇二三年以来，本局坚持…")]) == 2023
    assert find_opening_year([fold("一年来，勍香镇按照…"), fold("截至2024年底，共公开…")]) is None


def test_a_report_without_title_takes_its_year_from_the_opening_sentence(shared_dir):
    from pipelines.parse import parse_document

    seed = shared_dir / "seeds" / "004_f54858a1ba3b72c6.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")
    untitled = "\n".join(line for line in lines if "年度报告" not in line)
    report = parse_document(untitled.encode(), source=seed.name)
    assert report.year == 2020
    assert any("opening with it" in warning for warning in report.warnings)


def test_reported_year_is_not_the_publication_year():
    lines = ["沐阳县人民政府 2025 年 政府信息公开工作年度报告", "沐阳县人民政府", "(2026年1月23日)"]
    assert find_title([fold(line) for line in lines], None) == ("沐阳县人民政府", 2025)


def test_issue_date_from_the_signature_then_the_page_label():
    signed = [fold(x) for x in ["正文……", "六、其他需要报告的事项", "无。", "某某县人民政府", "2025年1月21日"]]
    assert find_published_on(signed, 2024) == date(2025, 1, 21)
    labelled = [fold(x) for x in ["发布时间：2025-02-03 来源：某某县", "正文……2019年5月1日起施行"]]
    assert find_published_on(labelled, 2024) == date(2025, 2, 3)
    assert find_published_on([fold("2019年5月1日起施行")], 2024) is None  # prose, not an issue date
    formal = [fold(x) for x in ["某某县人民政府", "二〇二五年一月二十一日"]]  # a formal signature, in Chinese numerals
    assert find_published_on(formal, 2024) == date(2025, 1, 21)
    assert find_published_on([fold("二〇二五年十二月三十一日")], 2024) == date(2025, 12, 31)
    assert find_published_on([fold("二〇二五年十十月二日")], 2024) is None  # no month: no date


def test_correction_marks_in_the_title_only():
    assert has_revision_mark("某某县2024年政府信息公开工作年度报告（更正）", [])
    assert has_revision_mark(None, [fold("某某县2024年政府信息公开工作年度报告（修订版）")])
    assert not has_revision_mark("某某县2024年政府信息公开工作年度报告", [fold("本年制发22件（其中修订16件）")])


def test_format_from_the_headers_not_the_year():
    assert detect_format("信息内容 本年制发件数 本年废止件数 现行有效件数")[0] == "2021"
    assert detect_format("信息内容 本年新制作数量 本年新公开数量 对外公开总数量 上一年项目数量")[0] == "2019"
    assert detect_format("2024年政府信息公开工作年度报告 全年共公开信息800条")[0] == "unknown"
