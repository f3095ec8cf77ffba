"""Every view of the site that takes a POST answers a change with a redirect (POST/redirect/GET), so a reload
never files twice (issue 9 item 11). The test walks the URL conf, finds the views that handle POST (by their
code and their decorators) and requires each to redirect — or to be listed below as a POST that files nothing."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator

from django.urls import URLPattern, URLResolver, get_resolver

# POSTs that file nothing, so a reload is harmless: each says why it renders instead of redirecting.
FILES_NOTHING = {
    "requests:track": "a lookup by query code: the code stays out of the URL, so the status page answers the POST",
    "requests:track_notice_pdf": "a notice's PDF for a query-code holder (a download, not a change)",
    "requests:track_attachment": "a reply's disclosed file for a query-code holder (a download, not a change)",
    "cases:track": "a lookup by case number and query code: the code stays out of the URL, so the status page answers",
    "complaints:track": "a lookup by complaint number and query code: the code stays out of the URL, so the status page answers",
    "cases:autosave": "htmx autosave of a draft: answers the status line in place; saving the same draft again is harmless",
}


def _walk(resolver, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, Callable]]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern,
                prefix + str(pattern.pattern),
                namespace + (f"{pattern.namespace}:" if pattern.namespace else ""),
            )
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), pattern.callback


def _functions(view: Callable) -> list[Callable]:
    """The view, the functions it wraps and the functions its decorators close over (our code only)."""
    seen, todo, out = set(), [view], []
    while todo:
        f = todo.pop()
        if f is None or id(f) in seen:
            continue
        seen.add(id(f))
        out.append(f)
        todo.append(getattr(f, "__wrapped__", None))
        for cell in getattr(f, "__closure__", None) or ():
            try:
                value = cell.cell_contents
            except ValueError:
                continue
            if callable(value):
                todo.append(value)
            elif isinstance(value, (list, tuple)) and "POST" in value:  # require_http_methods(["POST"]) / require_POST
                out.append(value)
    return out


def _sources(view: Callable) -> tuple[str, bool]:
    """Our code of a view (and its decorators), and whether a Django decorator admits POST."""
    code, admits_post = [], False
    for f in _functions(view):
        if isinstance(f, (list, tuple)):
            admits_post = True
            continue
        if not (getattr(f, "__module__", "") or "").startswith("sunlight"):
            continue
        code.append(_source(f))
        # The module's own helpers it calls (one level: a view that hands its answer to a _result function).
        for name in getattr(getattr(f, "__code__", None), "co_names", ()):
            helper = getattr(f, "__globals__", {}).get(name)
            if inspect.isfunction(helper) and helper.__module__ == f.__module__:
                code.append(_source(helper))
    return "\n".join(code), admits_post


def _source(f: Callable) -> str:
    # Of the function's own code: inspect.getsource(f) would follow __wrapped__ to the function it decorates.
    try:
        return inspect.getsource(f.__code__)
    except (AttributeError, OSError, TypeError):
        return ""


def post_views() -> dict[str, str]:
    """URL name → our source, for every view of the site (not the Django admin, not the machine APIs: the JSON API
    and Open311, which answer a POST with the resource they made) that takes POST."""
    found = {}
    for route, name, view in _walk(get_resolver()):
        if route.startswith(("admin/", "api/", "open311/")):
            continue
        source, admits_post = _sources(view)
        if admits_post or "POST" in source:
            found[name] = source
    return found


def test_the_walk_finds_the_forms_of_every_part_of_the_site():
    names = set(post_views())
    assert {
        "requests:new",
        "requests:correct",
        "accounts:register",
        "workbench:security",
        "requests_wb:new",
        "requests_wb:reply",
        "disclosure_wb:new",
        "disclosure_wb:publish",
        "reports_wb:import",
    } <= names


def test_every_view_that_takes_a_post_redirects_or_files_nothing():
    # sunlight.acts.perform answers every success with a redirect: a view that hands its act to it redirects.
    offenders = [
        name
        for name, source in post_views().items()
        if "redirect(" not in source and "perform(" not in source and name not in FILES_NOTHING
    ]
    assert offenders == [], (
        f"answer a change with a redirect (POST/redirect/GET), or list it in FILES_NOTHING: {offenders}"
    )
