"""The 信息处理费 read from the words of section 六: amounts in 元, zero only when the text says none was charged."""

from __future__ import annotations

import pytest

from pipelines.parse.fees import parse_fee


@pytest.mark.parametrize(("sentence", "amount"), [
    ("本年度共收取信息处理费0元。", 0),
    ("收取信息处理费 1,200 元。", 1200),  # thousands separated: not 200
    ("收取信息处理费共计1，200.50元。", 1200.5),
    ("本年度收取信息处理费共计1.2万元。", 12000),
    ("本年度共发出收费通知2件，实际收取信息处理费300元。", 300),
    ("2024年，本机关未收取信息处理费。", 0),
    ("没有收取信息处理费。", 0),
    ("未发生收取信息处理费的情况。", 0),
    ("不存在收取信息处理费情况。", 0),
    ("全年无信息处理费收费情况。", 0),
    ("本机关2024年度未向申请人收取任何费用。", 0),
    ("本年度发出收费通知的件数和总金额以及实际收取的总金额均为0。", 0),
    ("信息处理费：无。", 0),
    ("其他需要报告的事项：无。", None),  # says nothing about fees: null, never 0
    ("本年度办理政府信息公开申请2024件。", None),
    ("不断规范信息处理费收费行为。", None),  # 不断 is no "not charged"
    ("无论是否收取信息处理费，均依法办理。", None),
    ("未来将规范信息处理费的收取。", None),
])
def test_fee_from_words(sentence: str, amount: float | None) -> None:
    assert parse_fee(sentence)[0] == amount
