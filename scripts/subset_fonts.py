"""Build the CJK fonts shipped in sunlight/pdf/fonts/ from Noto Sans/Serif CJK SC (SIL OFL 1.1).

Every PDF Sunlight makes (notices, annual reports) uses only these fonts, so a machine without any CJK
font installed still prints Chinese. The full Noto CJK fonts are 20+ MB each; we keep the Simplified
Chinese face, subset it and rename it:

- characters: 通用规范汉字表 (2013, the 8,105 characters of Unihan's kTGH field) + every GB 2312 character +
  ASCII, Latin-1, general and CJK punctuation, full-width forms, circled numbers, + every character
  of the package's own text (templates, Python sources, migrations with the law tables, demo data);
- layout features kept for Chinese (vertical forms, proportional punctuation, kerning), hinting dropped;
- renamed "Sunlight Serif SC" / "Sunlight Sans SC" (the OFL asks modified versions not to pass as the
  original, and a distinct name lets a test tell the shipped font from a host's Noto);
- WOFF2 (WeasyPrint decompresses it with fontTools).

How to rerun (Debian; about 3 minutes; needs fonttools and brotli, both installed with WeasyPrint):

    mkdir -p /tmp/noto && cd /tmp/noto
    apt-get download fonts-noto-cjk unicode-data
    for f in *.deb; do dpkg-deb -x "$f" x; done
    cd -   # back to the repository
    python scripts/subset_fonts.py --noto /tmp/noto/x/usr/share/fonts/opentype/noto \\
        --unihan /tmp/noto/x/usr/share/unicode/Unihan_OtherMappings.txt.bz2

(With the two packages installed, the defaults find both files.) Rerun it whenever a template, the
demo data or a law table gains a character outside the set: sunlight/pdf/tests/test_fonts.py fails
and names the character.
"""

from __future__ import annotations

import argparse
import bz2
import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sunlight" / "pdf" / "fonts"
SC_INDEX = 2  # in the Noto CJK .ttc collections: JP, KR, SC, TC, HK

# (source .ttc, output file, family, style)
FACES = [
    ("NotoSerifCJK-Regular.ttc", "SunlightSerifSC-Regular.woff2", "Sunlight Serif SC", "Regular"),
    ("NotoSerifCJK-Bold.ttc", "SunlightSerifSC-Bold.woff2", "Sunlight Serif SC", "Bold"),
    ("NotoSansCJK-Regular.ttc", "SunlightSansSC-Regular.woff2", "Sunlight Sans SC", "Regular"),
    ("NotoSansCJK-Bold.ttc", "SunlightSansSC-Bold.woff2", "Sunlight Sans SC", "Bold"),
]

RANGES = [
    (0x0020, 0x007E),  # ASCII
    (0x00A0, 0x00FF),  # Latin-1 (×, ÷, §, °, ·)
    (0x2010, 0x206F),  # general punctuation (— … ‰ ※ “ ”)
    (0x2100, 0x214F),  # letterlike (℃, №)
    (0x2150, 0x218F),  # number forms (Ⅰ Ⅱ Ⅲ)
    (0x2190, 0x21FF),  # arrows
    (0x2460, 0x24FF),  # circled numbers ① ②
    (0x2500, 0x257F),  # box drawing
    (0x25A0, 0x25FF),  # geometric shapes (□ ■ ○ ●)
    (0x2605, 0x2606),  # ★ ☆
    (0x3000, 0x303F),  # CJK symbols and punctuation (、。《》「」【】〔〕)
    (0x3220, 0x3243),  # parenthesised ideographs (㈠ ㈡)
    (0x32A3, 0x32A3),  # ㊣
    (0xFE30, 0xFE4F),  # CJK compatibility forms (vertical)
    (0xFF01, 0xFF5E),  # full-width forms
    (0xFFE0, 0xFFE6),  # full-width signs (￥)
]

# The package's own text: whatever it prints must be in the font.
OWN_TEXT = ["sunlight/**/*.html", "sunlight/**/*.py", "sunlight/**/*.txt", "sunlight/**/*.csv", "sunlight/**/*.json"]


def gb2312() -> set[int]:
    found = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                found.add(ord(bytes([hi, lo]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return found


def tongyong(unihan: Path) -> set[int]:
    """通用规范汉字表 (2013): the characters with a kTGH entry in Unihan."""
    opener = bz2.open if unihan.suffix == ".bz2" else open
    found = set()
    with opener(unihan, "rt", encoding="utf-8") as lines:
        for line in lines:
            if "\tkTGH\t" in line:
                found.add(int(line.split("\t", 1)[0][2:], 16))
    if len(found) < 8000:
        sys.exit(f"{unihan}: expected the 8,105 kTGH characters, found {len(found)}")
    return found


def own_text() -> set[int]:
    found = set()
    for pattern in OWN_TEXT:
        for path in ROOT.glob(pattern):
            if "locale" in path.parts:
                continue
            found |= {ord(c) for c in path.read_text(encoding="utf-8", errors="ignore") if ord(c) > 0x2000}
    return found


def charset(unihan: Path) -> set[int]:
    chars = gb2312() | tongyong(unihan) | own_text()
    for lo, hi in RANGES:
        chars |= set(range(lo, hi + 1))
    # Emoji and other pictographs in sources (if any) are not Chinese text; leave them to no font.
    return {c for c in chars if c < 0x1F000}


def rename(font: TTFont, family: str, style: str) -> None:
    ps_name = re.sub(r"\s+", "", family) + "-" + style
    full = f"{family} {style}" if style != "Regular" else family
    name = font["name"]
    keep = {0, 7, 8, 9, 11, 12, 13, 14}  # copyright, trademark, vendor, designer, URLs, licence
    name.names = [n for n in name.names if n.nameID in keep]
    for name_id, value in (
        (1, family),
        (2, style),
        (3, f"{ps_name};sunlight-subset"),
        (4, full),
        (5, "Version 2.004; subset"),
        (6, ps_name),
        (10, "Subset of Noto CJK SC for Sunlight's PDFs (scripts/subset_fonts.py)"),
    ):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [ps_name]
        top = cff.topDictIndex[0]
        for attr, value in (("FullName", full), ("FamilyName", family)):
            if hasattr(top, attr):
                setattr(top, attr, value)


def build(source: Path, out: Path, family: str, style: str, chars: set[int]) -> None:
    font = TTCollection(str(source)).fonts[SC_INDEX]
    options = subset.Options()
    options.layout_features = ["ccmp", "locl", "kern", "palt", "halt", "vert", "vrt2", "vkrn", "vpal"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    rename(font, family, style)
    font.flavor = "woff2"
    font.save(str(out))
    print(f"{out.relative_to(ROOT)}: {len(font.getBestCmap())} characters, {out.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--noto", type=Path, default=Path("/usr/share/fonts/opentype/noto"), help="folder with the Noto CJK .ttc files"
    )
    parser.add_argument("--unihan", type=Path, default=Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2"))
    parser.add_argument("--only", help="build only the output file with this name")
    args = parser.parse_args()
    chars = charset(args.unihan)
    print(f"{len(chars)} code points")
    OUT.mkdir(parents=True, exist_ok=True)
    for source, out, family, style in FACES:
        if args.only and args.only != out:
            continue
        build(args.noto / source, OUT / out, family, style, chars)


if __name__ == "__main__":
    main()
