"""Cut Noto Sans CJK down to the characters in common use in each language, so the project
ships Chinese, Japanese and Korean fonts of a few MB each instead of one 19 MB collection.

| font | characters kept |
|---|---|
| SC | GB 2312: 6,763 hanzi, punctuation, kana, full-width forms |
| TC | Big5 level 1 (5,401 frequent hanzi, 陳 and 臺 among them) and Big5's symbols |
| JP | JIS X 0208: 6,355 kanji (東 among them), kana, punctuation |
| KR | every modern Hangul syllable (11,172) and jamo, and KS X 1001's symbols (no hanja) |

A character outside these is refused when a supporter types it (webapp.printing.fonts),
never printed as an empty box.

Usage (from Debian's fonts-noto-cjk package, which stays on the build machine only):
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb deb
    python letters/fonts/subset_cjk.py deb/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

import sys
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

# Index of each language's face in NotoSansCJK-Regular.ttc.
FACES = {"JP": 0, "KR": 1, "SC": 2, "TC": 3}
ASCII = set(range(0x20, 0x7F)) | {0x3000}


def encoded_by(codec: str, leads: Iterable[int], trails: Iterable[int]) -> set[int]:
    """Every character a double-byte legacy encoding gives these byte pairs."""
    trails = list(trails)
    found = set()
    for lead in leads:
        for trail in trails:
            try:
                found.add(ord(bytes([lead, trail]).decode(codec)))
            except UnicodeDecodeError:
                continue
    return found


def _is_han(code: int) -> bool:
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF


def characters(language: str) -> set[int]:
    if language == "SC":
        return encoded_by("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))
    if language == "JP":
        return encoded_by("euc_jp", range(0xA1, 0xF5), range(0xA1, 0xFF))
    big5_trails = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    if language == "TC":
        # 0xA1-0xA3: symbols; 0xA4-0xC6: level 1, the frequent hanzi.
        return encoded_by("big5", range(0xA1, 0xC7), big5_trails)
    if language == "KR":
        symbols = {c for c in encoded_by("euc_kr", range(0xA1, 0xFF), range(0xA1, 0xFF))}
        hangul = set(range(0xAC00, 0xD7A4)) | set(range(0x1100, 0x1200)) | set(range(0x3131, 0x318F))
        return {c for c in symbols if not _is_han(c)} | hangul
    raise ValueError(language)


def main(collection_path: str) -> None:
    for language, index in FACES.items():
        font = TTCollection(collection_path).fonts[index]
        options = subset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=characters(language) | ASCII)
        subsetter.subset(font)
        name = "GB2312" if language == "SC" else "common"
        target = Path(__file__).with_name(f"NotoSansCJK{language.lower()}-Regular-{name}.otf")
        font.save(target)
        print(f"{target}: {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
