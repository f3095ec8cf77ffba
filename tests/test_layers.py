"""The layers of docs/architecture.md, checked on the import graph (grimp), so a newcomer cannot blur them.

- kernel (orgs, clock, events, search, notify, accounts, … and the top-level helper modules) imports no domain
  and no door;
- a domain imports no door, and the domains' own imports of each other have no cycle;
- no two modules import each other, directly or round a loop (function-level imports count: a lazy import that
  only hides a cycle is still a cycle).
Each app's layer is what its AppConfig declares (sunlight.modules.ModuleConfig.layer).
"""

from __future__ import annotations

import grimp
import pytest
from django.apps import apps

from sunlight.modules import ModuleConfig

RANK = {"kernel": 0, "domain": 1, "door": 2}
# Project modules that are not apps: the URL map, settings and entry points sit above everything.
DOORS = {"sunlight.urls", "sunlight.wsgi", "sunlight.cli", "sunlight.api.main"}
# An admin page of a shared setting (calendar, taxonomies, word lists, law tables) uses the workbench's
# shared-settings mixin: an admin module is a door adapter, like a view.
ADAPTER_IMPORTS = {"sunlight.workbench.shared_settings", "sunlight.workbench.proposals"}


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("sunlight", cache_dir=None)


def _unit(module: str) -> str:
    """The app a module belongs to (sunlight.requests.actions → sunlight.requests), or the module itself."""
    parts = module.split(".")
    if parts[:2] == ["sunlight", "api"]:  # the API door (main) and the kit module routers use (auth, types)
        return ".".join(parts[:3])
    return ".".join(parts[:2])


def _layers() -> dict[str, str]:
    return {c.name: c.layer for c in apps.get_app_configs() if isinstance(c, ModuleConfig)}


def _layer(unit: str, layers: dict[str, str]) -> str:
    if unit in DOORS:
        return "door"
    return layers.get(unit, "kernel")  # a top-level helper module (sunlight.crypto, sunlight.errors, …) is kernel


def _is_test(module: str) -> bool:
    return ".tests" in module or module.endswith(".tests")


def _imports(graph):
    for importer in sorted(graph.modules):
        if _is_test(importer) or ".migrations" in importer:
            continue
        for imported in graph.find_modules_directly_imported_by(importer):
            if not _is_test(imported):
                yield importer, imported


def test_every_sunlight_app_declares_its_layer():
    names = {c.name for c in apps.get_app_configs() if c.name.startswith("sunlight.")}
    layers = _layers()
    assert sorted(names - set(layers)) == []
    assert set(layers.values()) <= set(RANK)


def test_no_module_imports_a_layer_above_its_own(graph):
    layers = _layers()
    wrong = []
    for importer, imported in _imports(graph):
        src, dst = _unit(importer), _unit(imported)
        if src == dst or RANK[_layer(src, layers)] >= RANK[_layer(dst, layers)]:
            continue
        if importer.endswith(".admin") and imported in ADAPTER_IMPORTS:
            continue
        wrong.append(f"{importer} ({_layer(src, layers)}) imports {imported} ({_layer(dst, layers)})")
    assert wrong == []


def test_the_domains_imports_of_each_other_have_no_cycle(graph):
    layers = _layers()
    domains = {name for name, layer in layers.items() if layer == "domain"}
    edges: dict[str, set[str]] = {d: set() for d in domains}
    for importer, imported in _imports(graph):
        src, dst = _unit(importer), _unit(imported)
        if src in domains and dst in domains and src != dst:
            edges[src].add(dst)
    assert _cycles(edges) == []


def test_no_two_modules_import_each_other_round_a_loop(graph):
    edges: dict[str, set[str]] = {}
    for importer, imported in _imports(graph):
        if importer != imported and not imported.startswith(importer + "."):  # a package importing its own parts
            edges.setdefault(importer, set()).add(imported)
    assert _cycles(edges) == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)
