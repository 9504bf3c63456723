"""The 信息处理费 (国办函〔2020〕109号), stated in words in section 六: "本年度没有收取信息处理费" is 0 元,
"收取信息处理费共计380元" is 380 元, and a section that says nothing about it leaves the cell null."""

from __future__ import annotations

import re

from pipelines.extract.values import fold

_FEE_WORDS = re.compile(r"信息处理费|处理费|收费|收取费用|收取.{0,6}费")
#: An amount: thousands separated by commas (1,200 元) or not; the folded text's commas are ASCII.
_AMOUNT = re.compile(r"(?P<lead>共计|合计|总计|累计)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>万元|元)")
_ZERO = re.compile(
    r"(?:未(?!来)|没有|无(?!论)|均未|并未|从未|不存在)[^。；,]{0,8}?(?:收取|收|产生|发生|涉及|出现)[^。；]*?(?:费|收费)"
    r"|不(?:收取|收|产生|发生|涉及|出现)[^。；]*?(?:费|收费)"
    r"|(?:费|收费)[^。；]{0,30}?(?:为零|为0|无|零元)"
    r"|未发生[^。；]*?收费|免费|不收取"
)


def parse_fee(text: str, strict: bool = False) -> tuple[float | int | None, str | None]:
    """(amount in 元 or None, the sentence it was read from).

    ``strict`` (for text outside section 六) only reads sentences naming the 信息处理费 itself: elsewhere
    收费 usually means the 行政事业性收费 of section 二.
    """
    sentences = re.split(r"[。；;!！?？]", fold(text))  # lines joined: a sentence may wrap (PDF text)
    for sentence in sentences:
        if not _FEE_WORDS.search(sentence) or (strict and "处理费" not in sentence):
            continue
        amounts = [m for m in _AMOUNT.finditer(sentence) if not _is_year(sentence, m)]
        if amounts:
            chosen = next((m for m in amounts if m.group("lead")), amounts[0])
            value = float(chosen.group("num").replace(",", ""))
            if chosen.group("unit") == "万元":
                value *= 10000
            return (int(value) if value.is_integer() else round(value, 2)), sentence
        if _ZERO.search(sentence):
            return 0, sentence
    return None, None


def _is_year(sentence: str, match: re.Match[str]) -> bool:
    return bool(re.fullmatch(r"(19|20)\d{2}", match.group("num"))) and sentence[match.end():match.end() + 1] == "年"
