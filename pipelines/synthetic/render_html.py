"""HTML layouts: a CMS article page, and a Word document saved as web page (GB2312, ``MsoNormal``).

The CMS page wraps the report in navigation, a metadata table and a footer full of numbers (site codes,
ICP and police filing numbers) that belong to the portal, not to the report. The Word export splits digit
runs across ``<span lang=EN-US>`` elements, marks empty cells with ``&nbsp;`` and declares gb2312 while
being encoded as GB18030 (so characters outside GB2312, like 勍, still survive as browsers decode them).
"""

from __future__ import annotations

import random
import re
from html import escape

from pipelines.synthetic.document import Cell, Document, Heading, Paragraph, Table

_PROVINCE_ABBREVIATIONS = {
    "北京市": "京", "天津市": "津", "河北省": "冀", "山西省": "晋", "内蒙古自治区": "蒙", "辽宁省": "辽",
    "吉林省": "吉", "黑龙江省": "黑", "上海市": "沪", "江苏省": "苏", "浙江省": "浙", "安徽省": "皖",
    "福建省": "闽", "江西省": "赣", "山东省": "鲁", "河南省": "豫", "湖北省": "鄂", "湖南省": "湘",
    "广东省": "粤", "广西壮族自治区": "桂", "海南省": "琼", "重庆市": "渝", "四川省": "川", "贵州省": "黔",
    "云南省": "滇", "西藏自治区": "藏", "陕西省": "陕", "甘肃省": "甘", "青海省": "青", "宁夏回族自治区": "宁",
    "新疆维吾尔自治区": "新",
}


def _cell_html(text: str) -> str:
    return "<br/>".join(escape(part, quote=False) for part in text.split("\n"))


# --- CMS page --------------------------------------------------------------------------------------------


def _cms_table(table: Table, rng: random.Random) -> str:
    wrap_p = rng.random() < 0.5
    rows = []
    for row in table.rows:
        cells = []
        for cell in row:
            attributes = ""
            if cell.rowspan > 1:
                attributes += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attributes += f' colspan="{cell.colspan}"'
            body = _cell_html(cell.text)
            if wrap_p:
                body = f'<p style="text-align:center;">{body}</p>' if body else "<p><br/></p>"
            cells.append(f'<td{attributes} style="text-align:center;vertical-align:middle;">{body}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<table border="1" cellspacing="0" cellpadding="0" width="100%" '
            'style="border-collapse:collapse;"><tbody>\n' + "\n".join(rows) + "\n</tbody></table>")


def render_html(doc: Document) -> bytes:
    rng = doc.rng("html")
    report = doc.report
    heading_tag = rng.choice(("strong", "h3", "b"))
    names = report.region_names
    place = names.get("county") or names.get("city") or names.get("province") or "中国政府网"
    site = f"{place}人民政府门户网站" if names.get("province") else "中华人民共和国中央人民政府门户网站"
    abbreviation = _PROVINCE_ABBREVIATIONS.get(names.get("province") or "", "京")
    index_number = f"{rng.randint(10**10, 10**11 - 1)}/{report.year + 1}-{rng.randint(1, 99999):05d}"
    content: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Table):
            content.append(_cms_table(block, rng))
        elif isinstance(block, Heading):
            text = escape(block.text, quote=False)
            if heading_tag == "h3" and block.level == 1:
                content.append(f"<h3>{text}</h3>")
            else:
                tag = "strong" if heading_tag == "h3" else heading_tag
                content.append(f'<p style="text-indent:2em;"><{tag}>{text}</{tag}></p>')
        elif block.align == "right":
            content.append(f'<p style="text-align:right;">{escape(block.text, quote=False)}</p>')
        else:
            content.append(f'<p style="text-indent:2em;">{escape(block.text, quote=False)}</p>')
    title = escape(doc.title, quote=False)
    page = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}_{escape(site)}</title>
<meta name="ArticleTitle" content="{escape(doc.title)}">
<meta name="PubDate" content="{doc.publication_date} {rng.randint(8, 17):02d}:{rng.randint(0, 59):02d}">
<meta name="ContentSource" content="{escape(report.agency)}">
<link rel="stylesheet" href="/static/css/common.css">
<script src="/static/js/jquery-1.12.4.min.js"></script>
</head>
<body>
<div class="top-bar"><div class="wrap"><a href="/">首页</a> | <a href="javascript:;">无障碍浏览</a> | <a href="javascript:;">长者模式</a> | <a href="/search/">站内搜索</a></div></div>
<div class="header"><div class="wrap"><div class="logo">{escape(site)}</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zjxx/">走进{escape(place)}</a></li></ul></div></div>
<div class="wrap main">
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开工作年度报告</a></div>
<table class="xxgk-info">
<tr><td>索引号：</td><td>{index_number}</td><td>发布机构：</td><td>{escape(report.agency)}</td></tr>
<tr><td>公开方式：</td><td>主动公开</td><td>成文日期：</td><td>{doc.publication_date}</td></tr>
</table>
<div class="article">
<h1 class="article-title">{title}</h1>
<div class="article-meta">发布时间：{doc.publication_date}　来源：{escape(report.agency)}　浏览次数：<span id="hits">{rng.randint(20, 5000)}</span>　字号：[<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a>]</div>
<div class="article-content TRS_Editor" id="zoom">
{chr(10).join(content)}
</div>
<div class="article-tools"><a href="javascript:window.print();">打印本页</a> <a href="javascript:window.close();">关闭窗口</a></div>
</div>
</div>
<div class="footer"><div class="wrap">
<p>主办单位：{escape(report.agency)}　承办单位：{escape(place)}政务服务和数据管理局</p>
<p>网站标识码：{rng.randint(10**9, 10**10 - 1)}　<a href="https://beian.miit.gov.cn/">{abbreviation}ICP备{rng.randint(10**7, 10**8 - 1)}号-{rng.randint(1, 9)}</a>　<a href="http://www.beian.gov.cn/">{abbreviation}公网安备 {rng.randint(10**13, 10**14 - 1)}号</a></p>
<p>联系电话：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}　建议使用1920×1080分辨率浏览</p>
</div></div>
<script>var _hmt = _hmt || [];</script>
</body>
</html>
"""
    return page.encode("utf-8")


# --- Word "save as web page" -------------------------------------------------------------------------------

_ASCII_RUN = re.compile(r"[0-9A-Za-z.%\-+]+")
_WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>{author}</o:Author>
  <o:LastAuthor>{author}</o:LastAuthor>
  <o:Revision>{revision}</o:Revision>
  <o:Created>{created}T0{hour}:{minute:02d}:00Z</o:Created>
  <o:Pages>{pages}</o:Pages>
  <o:Company>Microsoft</o:Company>
  <o:Version>16.00</o:Version>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;
	mso-font-alt:SimSun;
	mso-font-charset:134;
	mso-generic-font-family:auto;
	mso-font-pitch:variable;}}
 @font-face
	{{font-family:仿宋_GB2312;
	mso-font-charset:134;
	mso-generic-font-family:modern;}}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no;
	mso-style-qformat:yes;
	mso-style-parent:"";
	margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	mso-pagination:none;
	font-size:10.5pt;
	font-family:"Times New Roman",serif;
	mso-fareast-font-family:宋体;
	mso-font-kerning:1.0pt;}}
 @page WordSection1
	{{size:595.3pt 841.9pt;
	margin:72.0pt 90.0pt 72.0pt 90.0pt;
	mso-header-margin:42.55pt;
	mso-footer-margin:49.6pt;
	mso-paper-source:0;
	layout-grid:15.6pt;}}
div.WordSection1
	{{page:WordSection1;}}
-->
</style>
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

"""


def _word_runs(text: str, rng: random.Random, font: str, size: str = "16.0pt") -> str:
    """Prose in Word's markup: Latin and digit runs in their own ``lang=EN-US`` spans."""
    pieces = []
    position = 0
    for match in _ASCII_RUN.finditer(text):
        pieces.append(escape(text[position:match.start()], quote=False))
        run = match.group(0)
        if len(run) > 1 and rng.random() < 0.3:  # Word splits runs where an edit happened
            cut = rng.randint(1, len(run) - 1)
            pieces.append(f"<span lang=EN-US>{run[:cut]}</span><span lang=EN-US>{run[cut:]}</span>")
        else:
            pieces.append(f"<span lang=EN-US>{escape(run)}</span>")
        position = match.end()
    pieces.append(escape(text[position:], quote=False))
    body = "".join(pieces)
    return f"<span style='font-size:{size};font-family:{font}'>{body}<span lang=EN-US><o:p></o:p></span></span>"


def _word_cell_text(cell: Cell, rng: random.Random) -> str:
    size = "font-size:9.0pt;font-family:宋体"
    if not cell.text:
        return f"<span lang=EN-US style='{size}'><o:p>&nbsp;</o:p></span>"
    if cell.code:  # digits in Latin runs, split where Word's edit history cut them; 件/万元 in a CJK run
        digits = cell.text.rstrip("件万元 ")
        unit = cell.text[len(digits):]
        cuts = sorted(rng.sample(range(1, len(digits)), min(len(digits) - 1, rng.randint(1, 2))))
        parts = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, len(digits)], strict=True)]
        spans = "".join(f"<span lang=EN-US style='{size}'>{escape(part)}</span>" for part in parts)
        if unit:
            return spans + f"<span style='{size}'>{unit}<span lang=EN-US><o:p></o:p></span></span>"
        return spans[:-len("</span>")] + "<o:p></o:p></span>"
    lines = cell.text.split("\n")
    body = "<br>\n  ".join(escape(line, quote=False) for line in lines)
    return f"<span style='{size}'>{body}<span lang=EN-US><o:p></o:p></span></span>"


def _word_table(table: Table, rng: random.Random) -> str:
    unit = 567 // table.n_cols
    out = ["<div align=center>",
           "<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0 width=567",
           " style='width:425.2pt;border-collapse:collapse;mso-table-layout-alt:fixed;border:none;",
           " mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt;",
           " mso-border-insideh:.5pt solid windowtext;mso-border-insidev:.5pt solid windowtext'>"]
    last = len(table.rows) - 1
    for r, row in enumerate(table.rows):
        flags = "mso-yfti-firstrow:yes;" if r == 0 else ("mso-yfti-lastrow:yes;" if r == last else "")
        out.append(f" <tr style='mso-yfti-irow:{r};{flags}height:{rng.choice((14.2, 20.0, 22.7))}pt'>")
        for cell in row:
            width = unit * cell.colspan
            spans = (f" colspan={cell.colspan}" if cell.colspan > 1 else "") + \
                    (f" rowspan={cell.rowspan}" if cell.rowspan > 1 else "")
            out.append(f"  <td width={width}{spans} style='width:{width * 0.75:.2f}pt;border:solid windowtext 1.0pt;"
                       "mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>")
            out.append("  <p class=MsoNormal align=center style='text-align:center;mso-pagination:widow-orphan'>"
                       + _word_cell_text(cell, rng) + "</p>")
            out.append("  </td>")
        out.append(" </tr>")
    out.append(" <![if !supportMisalignedColumns]>")
    out.append(" <tr height=0>" + f"<td width={unit} style='border:none'></td>" * table.n_cols + "</tr>")
    out.append(" <![endif]>")
    out.append("</table>")
    out.append("</div>")
    return "\n".join(out)


def render_html_word(doc: Document) -> bytes:
    rng = doc.rng("html_word")
    indent = "text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;mso-line-height-rule:exactly"
    parts = [_WORD_HEAD.format(
        title=escape(doc.title, quote=False), author=rng.choice(("Administrator", "dell", "user", "lenovo")),
        revision=rng.randint(2, 30), created=doc.publication_date, hour=rng.randint(0, 9),
        minute=rng.randint(0, 59), pages=rng.randint(4, 9))]
    parts.append("<p class=MsoNormal align=center style='text-align:center;line-height:28.0pt;"
                 "mso-line-height-rule:exactly'><b>"
                 + _word_runs(doc.title, rng, "方正小标宋简体", "22.0pt") + "</b></p>\n")
    for block in doc.blocks:
        if isinstance(block, Table):
            parts.append(_word_table(block, rng) + "\n")
            parts.append("<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n")
        elif isinstance(block, Heading):
            font = "黑体" if block.level == 1 else "楷体_GB2312"
            parts.append(f"<p class=MsoNormal style='{indent}'><b>{_word_runs(block.text, rng, font)}</b></p>\n")
        elif isinstance(block, Paragraph) and block.align == "right":
            parts.append("<p class=MsoNormal align=right style='text-align:right;line-height:28.0pt;"
                         f"mso-line-height-rule:exactly'>{_word_runs(block.text, rng, '仿宋_GB2312')}</p>\n")
        else:
            parts.append(f"<p class=MsoNormal style='{indent}'>{_word_runs(block.text, rng, '仿宋_GB2312')}</p>\n")
    parts.append("\n</div>\n\n</body>\n\n</html>\n")
    return "".join(parts).encode("gb18030")
