"""Name forms of divisions and agencies: suffixes, stems, normalisation.

Division names are printed with or without their suffix (开原市 / 开原), with a suffix that changed when the
division was renamed or upgraded (仲兴乡 → 仲兴镇, 某县 → 某市), and ethnic autonomous names are shortened
(长阳土家族自治县 → 长阳县). The resolver indexes these variants; this module says what they are.
"""

from __future__ import annotations

import re
import unicodedata

# The 55 minorities (and 汉, 各) as they appear inside autonomous-area names: 积石山保安族东乡族撒拉族自治县.
ETHNIC_GROUPS = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒", "乌孜别克",
    "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
    "汉", "各",
)  # fmt: skip
_ETHNIC_BY_LENGTH = sorted(ETHNIC_GROUPS, key=len, reverse=True)

# Suffixes stripped to get a stem, longest first; a suffix is only stripped when >= 2 characters remain.
STEM_SUFFIXES = {
    "province": ("特别行政区", "自治区", "省", "市"),
    "city": ("自治州", "地区", "盟", "市"),
    "county": ("自治县", "自治旗", "特区", "新区", "县", "区", "市", "旗"),
    "township": ("街道办事处", "街道", "民族乡", "民族镇", "民族苏木", "苏木", "区公所", "镇", "乡"),
}
# Suffixes a stem may be printed with when the division was renamed, upgraded or is abbreviated.
SWAP_SUFFIXES = {
    "province": ("省", "市", "自治区"),
    "city": ("市", "地区", "盟", "州", "自治州"),
    "county": ("县", "市", "区", "旗", "自治县"),
    "township": ("镇", "乡", "街道", "街道办事处", "办事处", "苏木", "民族乡"),
}
# Stems the generic rule gets wrong (林区 cannot be stripped in general: 万柏林区, 碑林区).
STEM_OVERRIDES = {"神农架林区": "神农架"}

MIN_STEM = 2
# level -> last character -> suffixes ending with it, longest first (one dict probe instead of a scan)
_SUFFIXES_BY_LAST = {
    level: {last: tuple(x for x in suffixes if x[-1] == last) for last in {x[-1] for x in suffixes}}
    for level, suffixes in STEM_SUFFIXES.items()
}

# One-character OCR confusions seen in place names; used only when the corrected name exists and is unique
# and the printed one does not exist at all.
OCR_CONFUSABLES = str.maketrans({"沐": "沭", "沭": "沐", "荣": "荥", "荥": "荣", "毫": "亳", "亳": "毫"})


_AUTONOMOUS = ("自治县", "自治旗", "自治州", "自治区", "民族乡", "民族镇", "民族苏木")
# Xinjiang names drop 族 before 自治: 博尔塔拉蒙古自治州, 察布查尔锡伯自治县. Only groups of two or more
# characters are stripped without 族, so that a name's own last character is never taken for a group.
_LONG_GROUPS = tuple(group for group in _ETHNIC_BY_LENGTH if len(group) >= 2)


def _strip_ethnic(stem: str, autonomous: bool) -> str:
    """Drop trailing ethnic-group names (…土家族苗族, …达斡尔鄂温克) from an autonomous-area stem."""
    while True:
        with_zu = stem.endswith("族")
        body = stem[:-1] if with_zu else stem
        if not with_zu and not autonomous:
            break
        groups = _ETHNIC_BY_LENGTH if with_zu else _LONG_GROUPS
        group = next((g for g in groups if body.endswith(g)), None)
        if group is None:
            break
        rest = body[: -len(group)]
        if not rest:  # 东乡族自治县: the group is the whole name
            return group
        if len(rest) < MIN_STEM:
            break
        stem = rest
    if stem.endswith("民族") and len(stem) - 2 >= MIN_STEM:
        stem = stem[:-2]
    return stem


def split_suffix(name: str, level: str) -> tuple[str, str] | None:
    """(stem, stripped suffix) of an official name; None when the stem would be under two characters.

    The stripped part includes ethnic-group names: 长阳土家族自治县 → (长阳, 土家族自治县).
    """
    if name in STEM_OVERRIDES:
        base = STEM_OVERRIDES[name]
        return base, name[len(base) :]
    for suffix in _SUFFIXES_BY_LAST[level].get(name[-1:], ()):
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_STEM:
            candidate = name[: -len(suffix)]
            autonomous = suffix in _AUTONOMOUS
            if autonomous or candidate[-1] == "族":
                candidate = _strip_ethnic(candidate, autonomous)
            if len(candidate) < MIN_STEM:
                return None
            return candidate, name[len(candidate) :]
    return None


def stem(name: str, level: str) -> str | None:
    """The suffix-less stem of an official name, or None when it would be shorter than two characters."""
    split = split_suffix(name, level)
    return split[0] if split else None


# Short forms of ethnic names that are not renamings: 长阳土家族自治县 → 长阳县 / 长阳自治县,
# 湘西土家族苗族自治州 → 湘西州, 某回族乡 → 某乡.
_SHORT_FORMS = {
    "自治县": ("县", "自治县"),
    "自治旗": ("旗", "自治旗"),
    "自治州": ("州", "自治州"),
    "自治区": ("自治区",),
    "民族乡": ("乡",),
    "民族镇": ("镇",),
    "民族苏木": ("苏木",),
    "乡": ("乡",),
    "镇": ("镇",),
    "苏木": ("苏木",),
}


def short_forms(name: str, level: str, split: tuple[str, str] | None = None) -> tuple[str, ...]:
    """Customary short forms of an ethnic or special division name (not renamings, so trusted)."""
    split = split or split_suffix(name, level)
    if split is None:
        return ()
    base, stripped = split
    if len(stripped) <= 2 and "族" not in stripped:
        return ()  # a plain suffix (县, 街道): nothing was dropped
    if level == "province" and stripped == "特别行政区":
        return (base,)  # 香港, 澳门
    for suffix, forms in _SHORT_FORMS.items():
        if stripped.endswith(suffix) and stripped != suffix:  # something (an ethnic name) was dropped
            return tuple(base + form for form in forms if base + form != name)
    return ()


_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_SEPARATORS = re.compile(r"[\s\u3000·•・/|>,，、\-—_]+")


def normalize(text: str) -> str:
    """NFKC (full-width → half-width, compatibility ideographs → unified) and no whitespace."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def normalize_lookup(text: str) -> str:
    """Like ``normalize`` but also drops separators people put between parts: ``铁岭 / 开原``."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))


_YEAR = r"(?:19|20)\d{2}\s*年(?:度)?"
_REPORT_TAIL = re.compile(
    r"(?:关于)?(?:"
    + _YEAR
    + r")?(?:的)?(?:政府|政务)?(?:信息)?公开(?:工作)?(?:的)?(?:年度)?(?:工作)?(?:报告|年报)(?:全文)?$"
    r"|(?:" + _YEAR + r")?(?:工作)?年度报告$"
)
_LEADING_YEAR = re.compile(r"^" + _YEAR)
_TRAILING_YEAR = re.compile(_YEAR + r"$")
_TRAILING_PAREN = re.compile(r"[(\[【][^()\[\]【】]*[)\]】]$")
_NOISE_CHARS = re.compile(r"[0-9()\[\]【】报年:：]")
_QUOTES = "\"'“”‘’《》「」『』"
# 县政府 → 县人民政府, 政府办 → 人民政府办公室 … (only after a division suffix, never inside a word)
_GOV_SHORT = re.compile(r"(?<=[省市县区旗州盟镇乡])(?:人民)?政府(?:办公室|办)$")
_GOV_HALL = re.compile(r"(?<=[省市区])(?:人民)?政府办公厅$")
_GOV = re.compile(r"(?<=[省市县区旗州盟镇乡])政府")


def normalize_agency_name(name: str) -> str:
    """Canonical agency name for ``dim_agency.normalized_name``.

    Strips spaces and quotes, folds full-width forms, drops a trailing "…年度报告" title and dates in
    brackets, and unifies the government-office variants (县政府办 / 县政府办公室 → 县人民政府办公室) so that
    one agency printed several ways gets one key.
    """
    text = normalize(name).strip(_QUOTES)
    previous = None if _NOISE_CHARS.search(text) else text
    while previous != text:
        previous = text
        text = _TRAILING_PAREN.sub("", text)
        text = _REPORT_TAIL.sub("", text)
        text = _LEADING_YEAR.sub("", text)
        text = _TRAILING_YEAR.sub("", text)
        text = text.strip(_QUOTES + ":：")
    text = _GOV_SHORT.sub("人民政府办公室", text)
    text = _GOV_HALL.sub("人民政府办公厅", text)
    text = _GOV.sub("人民政府", text)
    return text


# Central bodies: a national prefix, or a ministry-like ending with no division in front of it.
_CENTRAL_PREFIX = re.compile(r"^(?:国务院|中华人民共和国|中共中央|中央|国家|全国|最高人民)")
_CENTRAL_CHINA = re.compile(r"^中国.*(?:局|委员会|银行|署|院|会)$")
_CENTRAL_SUFFIX = re.compile(r"(?:部|总署|审计署|总局|委员会)$")
_GRASSROOTS = re.compile(r"村|社区|居民|居委")  # 村民委员会 and the like are never central
#: Zones and their management committees (雄安新区管理委员会, 某某高新区管委会): local, though unnamed divisions.
_ZONE = re.compile(r"新区|开发区|高新区|园区|经济区|试验区|保税区|合作区|示范区|管理委员会$")
# A bare level word in front (县教育局, 市科委, 区政府办) means a local body whose division is not named.
_LOCAL_PREFIX = re.compile(r"^(?:省|市|县|区|州|旗|盟|镇|乡|街道|自治区|自治州|自治县)")


def central_pattern(name: str) -> str | None:
    """Which central-government pattern a (region-free) agency name matches: "strong", "weak" or None.

    Strong patterns (国务院…, 国家…局, 中华人民共和国…, 中国人民银行) are national by themselves; weak ones
    (…部, …总署, …委员会) only when nothing else (a configured region) says otherwise.
    """
    if not name or _LOCAL_PREFIX.match(name):
        return None
    if _CENTRAL_PREFIX.match(name) or _CENTRAL_CHINA.match(name):
        return "strong"
    if (
        _CENTRAL_SUFFIX.search(name)
        and not name.endswith(("办事处", "分部", "支部", "总部"))
        and not _GRASSROOTS.search(name)
        and not _ZONE.search(name)
    ):
        return "weak"
    return None


def is_local_without_division(name: str) -> bool:
    """True for names like 县教育局 that say "local" but not which division."""
    return bool(_LOCAL_PREFIX.match(name))
