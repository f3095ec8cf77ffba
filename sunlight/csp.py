"""Content-Security-Policy helpers (django-csp sets the policy of settings.CONTENT_SECURITY_POLICY on every response).

Self-contained print documents (notices, the annual report's HTML) carry their own <style>, as they must to print
the same when saved or opened offline. Rather than 'unsafe-inline' for the whole site, such a response allows
exactly its own style blocks by their hashes. Script stays 'self' only, everywhere.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from django.http import HttpResponse

_STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def style_hashes(*html: str) -> list[str]:
    """CSP source expressions ('sha256-…') for every <style> block in the given HTML."""
    found = []
    for text in html:
        for block in _STYLE_BLOCK.findall(text):
            digest = base64.b64encode(hashlib.sha256(block.encode("utf-8")).digest()).decode("ascii")
            found.append(f"'sha256-{digest}'")
    return sorted(set(found))


def allow_own_styles(response: HttpResponse, html: Iterable[str] | None = None) -> HttpResponse:
    """Let this response's own <style> blocks (or those of `html`, e.g. an iframe's srcdoc) apply, and nothing else."""
    texts = list(html) if html is not None else [response.content.decode(response.charset or "utf-8")]
    hashes = style_hashes(*texts)
    if hashes:
        response._csp_update = {"style-src": hashes}  # read by csp.middleware.CSPMiddleware
    return response
