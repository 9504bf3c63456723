"""The name index: every printed form of every division, and a longest-match tokenizer over it.

A surface string maps to the divisions it may denote and how (official name, customary short form, bare
stem). A stem followed by another suffix of its level (仲兴 + 乡 for today's 仲兴镇) is recognised while
scanning, so renamed forms need no entries of their own. Lookups go by the first two characters of a
position: scanning a 20-character agency name costs a few dictionary probes per character.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from pipelines.regions.names import OCR_CONFUSABLES, SWAP_SUFFIXES, short_forms, split_suffix
from pipelines.regions.tree import tree

# How a surface denotes a division, cheapest first: the cost ranks competing readings of one name.
EXACT = 0  # the official name (or 某街道 printed 某街道办事处)
ALIAS = 1  # a customary short form: 长阳县 for 长阳土家族自治县, 湘西州, 香港
OCR = 2  # the official name with one known OCR confusion corrected (沐阳县 → 沭阳县)
SWAP = 3  # stem + another suffix of the same level: renamed or upgraded (仲兴乡 → 仲兴镇, 某县 → 某市)
BARE = 4  # the stem alone, an abbreviation (铁岭 → 铁岭市); never trusted alone in agency names

_SUFFIXES_BY_FIRST = {
    level: {first: tuple(x for x in suffixes if x[0] == first) for first in {x[0] for x in suffixes}}
    for level, suffixes in SWAP_SUFFIXES.items()
}
Entry = tuple[str, int]  # (code, kind)


# Per level of one stem: entries of the bare stem (empty for townships, whose stems alone mean nothing),
# the suffixes that make a renamed form (by first character), the entries those forms denote.
StemSlot = tuple[list[Entry], dict[str, tuple[str, ...]], list[Entry]]


@dataclass(frozen=True)
class NameIndex:
    named: dict[str, list[Entry]]  # official names and short forms -> (code, EXACT | ALIAS)
    stems: dict[str, dict[str, StemSlot]]  # stem -> level -> slot
    lengths: dict[str, tuple[int, ...]]  # first two characters -> lengths of the surfaces starting so
    max_length: int

    def tokens_at(self, text: str, pos: int) -> list[tuple[int, list[Entry]]]:
        """Every reading that starts at ``pos``, longest first (renamed forms included).

        Township stems are only read with a suffix (仲兴 + 乡): alone they are too common to mean anything.
        """
        lengths = self.lengths.get(text[pos : pos + 2])
        if not lengths:
            return []
        by_end: dict[int, list[Entry]] = {}
        size = len(text)
        for length in lengths:
            end = pos + length
            if end > size:
                continue
            surface = text[pos:end]
            entries = self.named.get(surface)
            if entries:
                by_end[end] = by_end.get(end, []) + entries
            levels = self.stems.get(surface)
            if not levels:
                continue
            for bare, suffixes, swapped in levels.values():
                if bare:
                    by_end[end] = by_end.get(end, []) + bare
                for suffix in suffixes.get(text[end : end + 1], ()):
                    if text.startswith(suffix, end):
                        after = end + len(suffix)
                        by_end[after] = by_end.get(after, []) + swapped
        return sorted(by_end.items(), reverse=True)

    def ocr_tokens_at(self, text: str, pos: int) -> list[tuple[int, list[Entry]]]:
        """Official names that appear at ``pos`` once one confusable character is corrected.

        Only when the corrected name is borne by exactly one division and the printed form is no name at all.
        """
        found: list[tuple[int, list[Entry]]] = []
        for end in range(min(len(text), pos + self.max_length), pos + 2, -1):
            printed = text[pos:end]
            corrected = printed.translate(OCR_CONFUSABLES)
            if corrected == printed or printed in self.named or printed in self.stems:
                continue
            codes = [code for code, kind in self.named.get(corrected, ()) if kind == EXACT]
            if len(codes) == 1:
                found.append((end, [(codes[0], OCR)]))
        return found


@cache
def name_index() -> NameIndex:
    """Build the index once per process (about 85,000 surfaces)."""
    named: dict[str, list[Entry]] = {}
    stems: dict[str, dict[str, StemSlot]] = {}
    add_named = named.setdefault
    add_stem = stems.setdefault
    for region in tree().regions:
        name, code, level = region.name, region.code, region.level
        add_named(name, []).append((code, EXACT))
        if level == "township" and name.endswith("街道"):
            add_named(name + "办事处", []).append((code, EXACT))
        split = split_suffix(name, level)
        if split is None:
            continue
        base, stripped = split
        by_level = add_stem(base, {})
        slot = by_level.get(level)
        if slot is None:
            slot = by_level[level] = ([], _SUFFIXES_BY_FIRST[level], [])
        if level != "township":
            slot[0].append((code, BARE))
        slot[2].append((code, SWAP))
        if len(stripped) > 2 or "族" in stripped:  # an ethnic or special name has short forms
            for form in short_forms(name, level, split):
                add_named(form, []).append((code, ALIAS))
    lengths: dict[str, set[int]] = defaultdict(set)
    for surfaces in (named, stems):
        for surface in surfaces:
            lengths[surface[:2]].add(len(surface))
    return NameIndex(
        named=named,
        stems=stems,
        lengths={key: tuple(values) for key, values in lengths.items()},
        max_length=max(len(surface) for surface in named),
    )
