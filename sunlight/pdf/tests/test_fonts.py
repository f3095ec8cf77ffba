"""The PDFs carry their own CJK fonts: every character the package prints is in them, and WeasyPrint fetches nothing else."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from sunlight import pdf

ROOT = Path(pdf.__file__).resolve().parent.parent  # the sunlight package
# What a PDF can print: the PDF templates, the law tables (seeded by migration) and the demo city's data.
PRINTED_SOURCES = [
    *ROOT.glob("requests/templates/requests/notices/*.html"),
    ROOT / "reports/templates/reports/annual_report.html",
    *ROOT.glob("reports/templates/reports/_*.html"),
    *ROOT.glob("templates/pdf/*"),
    *ROOT.glob("*/templates/*/pdf/*.html"),  # a module's printable templates (docs/new-module.md)
    *ROOT.glob("requests/migrations/*.py"),
    *ROOT.glob("demo/data/*"),
    *ROOT.glob("*/data/sentences.txt"),
    *ROOT.glob("demo/*.py"),
    *ROOT.glob("*/demo.py"),  # each module's demo step
    ROOT / "requests/notices.py",
    ROOT / "reports/layout.py",
    ROOT / "reports/annual.py",
]
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")


@pytest.fixture(scope="module")
def cmaps() -> dict[str, set[int]]:
    return {file: set(TTFont(pdf.FONTS_DIR / file).getBestCmap()) for _, _, file in pdf.FACES}


def test_the_shipped_fonts_are_small_woff2_subsets_named_as_ours_with_their_licence(cmaps):
    assert (pdf.FONTS_DIR / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE Version 1.1") == 1
    for family, _weight, file in pdf.FACES:
        path = pdf.FONTS_DIR / file
        assert path.read_bytes()[:4] == b"wOF2" and path.stat().st_size < 4_000_000, file
        font = TTFont(path)
        assert font["name"].getDebugName(1) == family and font["name"].getDebugName(6) == file.removesuffix(".woff2")
        assert len(cmaps[file]) > 9000  # 通用规范汉字表 (8,105) + GB 2312 + punctuation


def test_every_character_the_templates_the_law_tables_and_the_demo_data_print_is_in_every_shipped_font(cmaps):
    wanted: set[str] = set()
    for path in PRINTED_SOURCES:
        wanted |= set(CJK.findall(path.read_text(encoding="utf-8")))
    assert len(wanted) > 1000
    for file, cmap in cmaps.items():
        missing = sorted(c for c in wanted if ord(c) not in cmap)
        assert not missing, f"{file} lacks {''.join(missing)}: rerun scripts/subset_fonts.py"


def test_common_names_and_places_outside_gb2312_are_covered(cmaps):
    # 通用规范汉字表 characters that GB 2312 lacks but names and places use (喆, 堃, 昇, 玥, 赟, 珺, 缙).
    for char in "喆堃昇玥赟珺缙":
        assert all(ord(char) in cmap for cmap in cmaps.values()), char


def test_a_page_renders_its_chinese_in_the_shipped_fonts_only():
    html = (
        '<html><head><style>html { font-family: "Sunlight Serif SC"; } b { font-family: "Sunlight Sans SC"; }</style>'
        "</head><body><p>政府信息公开申请答复告知书</p><p><b>部分公开</b></p></body></html>"
    )
    data = pdf.render_pdf(html)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "政府信息公开申请答复告知书" in text and "部分公开" in text
    assert pdf.embedded_fonts(data) and all(name.startswith("Sunlight-") for name in pdf.embedded_fonts(data)), (
        pdf.embedded_fonts(data)
    )


def test_pdf_rendering_fetches_the_shipped_fonts_and_nothing_else(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG not really")
    fetcher = pdf._fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(secret.as_uri())
    with pytest.raises(ValueError):
        fetcher.fetch("http://127.0.0.1:1/x.css")
    with pytest.raises(ValueError):
        fetcher.fetch((pdf.FONTS_DIR / ".." / "__init__.py").as_uri())
    assert fetcher.fetch((pdf.FONTS_DIR / pdf.FACES[0][2]).as_uri()) is not None
