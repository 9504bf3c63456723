"""How a report words things: the per-report printing style and the prose around the tables.

Real reports of the same format differ in brackets, numbering, spacing and phrasing; the parser must cope
with all of them, so every synthetic report draws one consistent ``Style``. The prose mentions numbers
(dates, counts of published items, training sessions) that must never be taken for table values.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

CHINESE_NUMERALS = "一二三四五六七八九十"
HALF_WIDTH = str.maketrans({"（": "(", "）": ")", "：": ":", "，": ",", "；": ";"})


@dataclass(frozen=True)
class Style:
    seed: int  # layout-specific choices draw from this, so a report renders the same way every time
    full_width: bool  # （一） or (一), ： or :
    item_separator: str  # 1.属于国家秘密, 1、属于国家秘密, 1. 属于国家秘密
    bracket_space: bool  # （一） 予以公开: a space after the group number
    normative_label: str  # the 2021 row label: 行政规范性文件 or the older 规范性文件
    spaced_headers: bool  # 结果 维持, 商业 企业 (as extracted from narrow header cells)
    broken_headers: bool  # 结果\n维持: a line break inside the header cell
    count_suffix: bool  # section 二 件数 printed as 3件
    amount_suffix: str  # "", "万元" or " 万元" after money amounts
    fixed_decimals: bool  # money printed with two decimals where no digit is lost (12.50)
    plus_sign: bool  # 本年增/减 printed as +3
    straight_quotes: bool  # "三安全一稳定" instead of “三安全一稳定”
    heading_space: bool  # 一、 总体情况
    extra_section: tuple[int, str] | None  # an inserted section (index, title): later numbers shift
    active_split: bool  # section 二 as one table per 第二十条 item
    title_form: int
    litigation_title: str
    problems_title: str
    preamble_form: int

    def punct(self, text: str) -> str:
        return text if self.full_width else text.translate(HALF_WIDTH)

    def group(self, text: str) -> str:
        """A numbered group label as printed: （三）不予公开, (三)不予公开 or （三） 不予公开."""
        if self.bracket_space:
            text = text.replace("）", "） ", 1)
        return self.punct(text)

    def item(self, number: int, label: str) -> str:
        return f"{number}{self.item_separator}{label}"

    def header(self, text: str) -> str:
        """A narrow header cell's label: split in the middle by a space or line break where the style says."""
        if len(text) != 4 or not (self.spaced_headers or self.broken_headers):
            return text
        return text[:2] + ("\n" if self.broken_headers else " ") + text[2:]

    def quote(self, text: str) -> str:
        return text.replace("“", '"').replace("”", '"') if self.straight_quotes else text


EXTRA_SECTIONS = ("重点领域信息公开情况", "政策解读和回应关切情况", "政务公开平台建设情况")
LITIGATION_TITLES = (
    "政府信息公开行政复议、行政诉讼情况",
    "政府信息公开行政复议、行政诉讼情况",
    "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
)
PROBLEMS_TITLES = ("存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况")


def choose_style(seed: int) -> Style:
    rng = random.Random(seed)
    extra = None
    if rng.random() < 0.12:
        extra = (rng.choice((2, 3)), rng.choice(EXTRA_SECTIONS))
    return Style(
        seed=seed,
        full_width=rng.random() < 0.7,
        item_separator=rng.choices((".", "、", ". ", "．"), (5, 2, 2, 1))[0],
        bracket_space=rng.random() < 0.15,
        normative_label=rng.choices(("行政规范性文件", "规范性文件"), (4, 1))[0],
        spaced_headers=rng.random() < 0.2,
        broken_headers=rng.random() < 0.1,
        count_suffix=rng.random() < 0.12,
        amount_suffix=rng.choices(("", "万元", " 万元"), (6, 1, 1))[0],
        fixed_decimals=rng.random() < 0.3,
        plus_sign=rng.random() < 0.2,
        straight_quotes=rng.random() < 0.15,
        heading_space=rng.random() < 0.1,
        extra_section=extra,
        active_split=rng.random() < 0.3,
        title_form=rng.choices((0, 1, 2), (7, 1, 2))[0],
        litigation_title=rng.choice(LITIGATION_TITLES),
        problems_title=rng.choice(PROBLEMS_TITLES),
        preamble_form=rng.randrange(3),
    )


# --- section 六: the information processing fee ----------------------------------------------------------

_FEE_LAW = "依据《国务院办公厅关于印发<政府信息公开信息处理费管理办法>的通知》（国办函〔2020〕109号）规定，"


def fee_sentence(amount: int | float, year: int, rng: random.Random) -> str:
    """The section-六 sentence about 信息处理费, stating ``amount`` yuan in one of the usual phrasings."""
    text = f"{amount:g}" if isinstance(amount, float) else str(amount)
    if amount == 0:
        forms = (
            "本年度没有收取信息处理费。",
            "本年度未收取信息处理费。",
            _FEE_LAW + "本年度我单位未收取信息处理费。",
            f"{year}年依申请公开收费0元。",
            f"本机关{year}年度未收取政府信息公开信息处理费。",
            "本年度收取信息处理费0元。",
            "按照《政府信息公开信息处理费管理办法》有关规定，本年度共收取信息处理费0元。",
        )
    else:
        notices = rng.randint(1, 5)
        forms = (
            f"本年度共收取信息处理费{text}元。",
            _FEE_LAW + f"本年度共收取信息处理费{text}元。",
            f"{year}年共发出收费通知{notices}件，收取信息处理费{text}元。",
            f"本机关{year}年度收取政府信息公开信息处理费{text}元。",
            f"全年收取信息处理费共计{text}元。",
        )
    return rng.choice(forms)


def other_matters_without_fee(rng: random.Random) -> str:
    """Section-六 text that says nothing about the fee (2019 format, or the fee left unstated)."""
    return rng.choice((
        "无。",
        "无",
        "本年度无其他需要报告的事项。",
        f"全年共办理人大代表建议{rng.randint(0, 30)}件、政协提案{rng.randint(0, 30)}件，均已按期办结。",
    ))


# --- prose ---------------------------------------------------------------------------------------------


def _pick(rng: random.Random, forms: tuple[str, ...], count: int) -> list[str]:
    return rng.sample(forms, min(count, len(forms)))


def overview_subsections(rng: random.Random, name: str, year: int, applications: int | None,
                         closed: int | None) -> list[tuple[str, str]]:
    """（一）…（五） of 一、总体情况 as (heading, paragraph); full of numbers that are not table values."""
    n = rng.randint
    active = _pick(rng, (
        f"{year}年，{name}通过政府门户网站、政务新媒体、公示栏等渠道主动公开政府信息{n(20, 3000)}条，"
        f"其中政策文件{n(1, 60)}条、工作动态{n(10, 500)}条。",
        f"全年主动公开信息{n(2, 30) * 100}余条，发布政策解读{n(1, 40)}篇，召开新闻发布会{n(0, 12)}场。",
        f"围绕重点领域，公开财政预决算、重大建设项目、公共资源配置等信息{n(5, 400)}条。",
        f"组织开展“5·15政务公开日”活动，现场解答群众咨询{n(10, 300)}人次。",
        f"截至{year}年12月31日，共更新公开目录{n(3, 40)}个，维护栏目{n(5, 90)}个。",
    ), n(1, 3))
    if applications is None or closed is None:
        request = "规范依申请公开办理流程，严格按照法定时限答复，做到件件有回音。"
    elif applications == 0:
        request = f"{year}年，{name}未收到政府信息公开申请，未发生因政府信息公开引起的行政复议、行政诉讼。"
    else:
        request = (f"全年共受理政府信息公开申请{applications}件，办结{closed}件，"
                   f"均在法定期限内答复。")
    requests = [request] + _pick(rng, (
        f"制作答复文书模板{n(2, 9)}套，统一答复格式和法律依据。",
        "加强与申请人沟通，准确把握申请诉求，依法依规答复。",
    ), n(0, 1))
    management = _pick(rng, (
        f"严格落实公文公开属性源头认定机制，全年审查拟公开文件{n(5, 400)}件。",
        f"开展已公开政策文件清理，清理失效文件{n(0, 60)}件，动态更新主动公开基本目录。",
        "健全信息发布保密审查制度，坚持“先审查、后公开”和“一事一审”原则。",
    ), n(1, 2))
    platform = _pick(rng, (
        f"持续加强政府网站建设，全年更新栏目信息{n(20, 2000)}条，政务微信公众号推送信息{n(10, 900)}条。",
        f"在便民服务中心设立政府信息公开查阅点{n(1, 6)}个，方便群众就近查阅。",
        "规范政务新媒体管理，确保信息发布及时、准确、权威。",
    ), n(1, 2))
    oversight = _pick(rng, (
        f"组织政务公开业务培训{n(1, 12)}次，参训人员{n(10, 400)}人次。",
        f"将政务公开纳入年度绩效考核，考核分值占比{n(2, 10)}%。",
        "定期开展政务公开自查，及时整改发现的问题。",
    ), n(1, 2))
    return [
        (rng.choice(("（一）主动公开情况", "（一）主动公开", "（一）多举措多方式主动公开政务信息")), "".join(active)),
        (rng.choice(("（二）依申请公开情况", "（二）依申请公开", "（二）规范执行依申请公开工作")), "".join(requests)),
        (rng.choice(("（三）政府信息管理情况", "（三）政府信息管理", "（三）严格落实政府信息管理")),
         "".join(management)),
        (rng.choice(("（四）政府信息公开平台建设情况", "（四）平台建设", "（四）全面搭建政府信息平台")),
         "".join(platform)),
        (rng.choice(("（五）监督保障情况", "（五）监督保障", "（五）加大政务信息监督保障力度")), "".join(oversight)),
    ]


def opening_paragraph(rng: random.Random, name: str, year: int) -> str:
    return rng.choice((
        f"{year}年，{name}坚持以习近平新时代中国特色社会主义思想为指导，深入贯彻落实《中华人民共和国政府信息"
        "公开条例》，围绕中心工作，持续深化政务公开，切实保障人民群众的知情权、参与权、表达权和监督权。",
        f"{year}年，{name}认真贯彻落实上级关于政务公开工作的部署要求，进一步规范公开内容，突出公开重点，"
        "完善公开形式，扎实推进政府信息公开各项工作。",
        f"{year}年，在上级政务公开主管部门的指导下，{name}紧紧围绕决策、执行、管理、服务、结果各环节，"
        "不断加大政府信息公开力度。",
    ))


def preamble(form: int, agency: str, year: int, fmt: str) -> str:
    document = "国办公开办函〔2021〕30号" if fmt == "2021" else "国办公开办函〔2019〕60号"
    if form == 0:
        return (f"根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作"
                f"年度报告格式》（{document}）要求，编制本报告。本报告所列数据统计期限自{year}年1月1日起至"
                f"{year}年12月31日止。本报告电子版可在本机关门户网站下载。如对本报告有疑问，请与本机关政务公开"
                "办公室联系。")
    if form == 1:
        return (f"根据《中华人民共和国政府信息公开条例》（国务院令第711号）规定和国务院办公厅政府信息与政务公开"
                f"办公室《中华人民共和国政府信息公开工作年度报告格式》（{document}）要求，现将{agency}{year}年"
                "政府信息公开工作情况报告如下：")
    return (f"本报告依据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》"
            f"（{document}）编制，所列数据统计期限为{year}年1月1日至12月31日。")


def problems(rng: random.Random, name: str) -> list[str]:
    issues = rng.sample((
        "个别部门对政府信息公开工作主动性不够",
        "部分时效性信息公开不够及时",
        "政策解读形式较为单一，图解、视频等形式运用不多",
        "信息公开工作人员业务水平有待提高",
        "公开的内容和形式还不够丰富",
    ), 3)
    steps = rng.sample((
        "加强业务培训，提升工作人员能力水平",
        "严格落实信息发布时限要求，确保公开及时准确",
        "丰富政策解读形式，提高政策知晓度",
        "健全政务公开考核机制，压实工作责任",
    ), 2)
    if rng.random() < 0.5:
        return [f"一是{issues[0]}；二是{issues[1]}；三是{issues[2]}。",
                f"下一步，{name}将{steps[0]}，{steps[1]}。"]
    return [f"存在的主要问题：{issues[0]}，{issues[1]}。", f"改进措施：{steps[0]}；{steps[1]}。"]


def other_items(rng: random.Random, year: int) -> list[str]:
    """Section-六 matters besides the fee that the format asks for (not to be read as the fee)."""
    forms = (
        f"全年共办理人大代表建议{rng.randint(0, 40)}件、政协提案{rng.randint(0, 40)}件，办复率100%。",
        f"认真落实{year}年政务公开工作要点，各项任务均已按期完成。",
        "无其他需要报告的事项。",
    )
    return _pick(rng, forms, rng.randint(0, 2))
