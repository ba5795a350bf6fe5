"""Cut Noto Sans CJK SC down to the characters of GB 2312 (every character in common
Simplified Chinese use), so the project can ship a Chinese font of about 4 MB instead of 19.

Usage (from Debian's fonts-noto-cjk package, which stays on the build machine only):
    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb deb
    python letters/fonts/subset_cjk.py deb/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

SIMPLIFIED_CHINESE = 2  # index of "Noto Sans CJK SC" in the collection


def gb2312_characters() -> set[int]:
    """Every character GB 2312 encodes: punctuation, kana, full-width forms and 6,763 hanzi."""
    found = set()
    for first in range(0xA1, 0xF8):
        for second in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes([first, second]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    return found


def main(collection_path: str) -> None:
    font = TTCollection(collection_path).fonts[SIMPLIFIED_CHINESE]
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=gb2312_characters() | set(range(0x20, 0x7F)) | {0x3000})
    subsetter.subset(font)
    target = Path(__file__).with_name("NotoSansCJKsc-Regular-GB2312.otf")
    font.save(target)
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main(sys.argv[1])
