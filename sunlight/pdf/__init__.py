"""Every PDF Sunlight makes goes through `render_pdf`: WeasyPrint with the CJK fonts shipped in fonts/.

A fresh machine has no Chinese font (the README promises "only Python"), and WeasyPrint then prints
every Chinese character as a box. So the package carries its own fonts — subsets of Noto Serif/Sans CJK
SC (SIL Open Font License 1.1, fonts/OFL.txt), renamed "Sunlight Serif SC" / "Sunlight Sans SC" and
built by scripts/subset_fonts.py — and the PDF styles name only these (templates/pdf/_shared.css).

The @font-face rules are added here at rendering time, with file:// URLs of this machine, and are never
part of a stored HTML (a notice keeps its HTML as rendered). The URL fetcher reads those font files and
nothing else: a notice's text comes partly from the applicant, so WeasyPrint may fetch nothing else.
"""

from __future__ import annotations

import atexit
import threading
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
SERIF = "Sunlight Serif SC"
SANS = "Sunlight Sans SC"
# (family, weight, file)
FACES = [
    (SERIF, "normal", "SunlightSerifSC-Regular.woff2"),
    (SERIF, "bold", "SunlightSerifSC-Bold.woff2"),
    (SANS, "normal", "SunlightSansSC-Regular.woff2"),
    (SANS, "bold", "SunlightSansSC-Bold.woff2"),
]
# The PostScript names a PDF embeds (as "ABCDEF+SunlightSerifSC-Regular"): how a test tells ours from a host's.
POSTSCRIPT_NAMES = [file.removesuffix(".woff2") for _, _, file in FACES]

# One font configuration per process: the four fonts are decompressed once, not for every notice.
# WeasyPrint and fontconfig are not documented as thread-safe, and gunicorn runs threads: one render at a time.
_lock = threading.Lock()
_shared: tuple | None = None


def font_face_css() -> str:
    """The @font-face rules for the shipped fonts (file:// URLs on this machine)."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: normal; '
        f'src: url("{(FONTS_DIR / file).as_uri()}") format("woff2"); }}'
        for family, weight, file in FACES
    )


def _fetcher():
    from weasyprint.urls import URLFetcher

    fonts = FONTS_DIR.as_uri() + "/"

    class FontsOnly(URLFetcher):
        """Reads the shipped font files; refuses every other URL (file, http, data alike)."""

        def fetch(self, url, headers=None):
            if not url.startswith(fonts) or ".." in url or "?" in url or "#" in url:
                raise ValueError(f"PDF rendering fetches nothing but the shipped fonts, not {url[:80]!r}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",))


@atexit.register
def _release() -> None:
    """Drop the shared configuration while the interpreter still works: its temporary font folder is removed."""
    global _shared
    _shared = None


def _configuration():
    global _shared
    if _shared is None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        fetcher = _fetcher()
        font_config = FontConfiguration()
        _shared = (font_config, CSS(string=font_face_css(), font_config=font_config, url_fetcher=fetcher), fetcher)
    return _shared


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """The PDF of HTML with the shipped fonts; raises whatever WeasyPrint raises (callers say what failed)."""
    from django.conf import settings
    from weasyprint import HTML

    with _lock:
        font_config, fonts, fetcher = _configuration()
        document = HTML(string=html, base_url=base_url or Path(settings.BASE_DIR).as_uri() + "/", url_fetcher=fetcher)
        return document.write_pdf(stylesheets=[fonts], font_config=font_config)


def embedded_fonts(data: bytes) -> set[str]:
    """The base names of the fonts a PDF embeds, without the subset tag ("ABCDEF+"): how a test checks that a
    PDF uses the shipped fonts (POSTSCRIPT_NAMES) and nothing of the host's."""
    import io

    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return names
