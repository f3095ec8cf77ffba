"""What a module declares, and the one registry the kernel and the doors read it from.

A module (a Django app) subclasses ModuleConfig in its apps.py and fills in what it has: event verbs and their
labels, its public and workbench URLs, its API router, its portal entry and workbench navigation, the models its
org admins manage, its demo step and where its periodic jobs live. Adding the app to INSTALLED_APPS is then the
only change to a shared file: urls.py, the API, the portal menu, the workbench menu, the event labels, the
admin permissions and the demo command all read this registry. `tests/test_modules.py` checks every
installed module's declarations (every recorded verb labelled, every URL include importable, every admin-managed
model real, every periodic job in its declared module).

This module is kernel: it imports nothing from a domain or a door.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class Urls:
    """`path(prefix, include(module))`; the module sets its own app_name (the URL namespace)."""

    prefix: str
    module: str


@dataclass(frozen=True)
class ApiRouter:
    """`api.add_router(prefix, router, tags=[tag])`; `router` is the dotted path of a ninja Router."""

    prefix: str
    router: str
    tag: str


@dataclass(frozen=True)
class PortalEntry:
    """The module's item in the public menu and its card on the home page."""

    slug: str
    label: str | Promise
    summary: str | Promise
    url_name: str | None = None  # None: the placeholder page /m/<slug>/ until the module has its own
    order: int = 100

    @property
    def url(self) -> str:
        if self.url_name:
            try:
                return reverse(self.url_name)
            except NoReverseMatch:
                pass
        return reverse("portal:module", args=[self.slug])


def url_if_declared(name: str, *args) -> str:
    """The URL of a page another module may declare (e.g. a module above this one: "cases:apply", "ratings:case"),
    or "" while no installed module declares it. Found by its name, so the lower module never imports the higher."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@dataclass(frozen=True)
class NavItem:
    """One item of the workbench menu."""

    label: str | Promise
    url_name: str
    order: int = 100


@dataclass(frozen=True)
class DemoStep:
    """`function(count)` adds this module's demo records (idempotent: a rerun adds nothing twice) and returns how
    many it made. The demo command offers `--<name> N` with `default` as N."""

    name: str
    function: str  # dotted path
    default: int
    help: str
    order: int = 100

    def run(self, count: int) -> Any:
        module, _dot, attr = self.function.rpartition(".")
        return getattr(import_module(module), attr)(count)


# A model the org admins manage in the admin: model name → the acts they may do ("view", "add", "change", "delete").
AdminActs = tuple[str, ...]
VIEW_ADD_CHANGE: AdminActs = ("view", "add", "change")
ALL_ACTS: AdminActs = ("view", "add", "change", "delete")


class ModuleConfig(AppConfig):
    """The AppConfig of every Sunlight module. Every attribute is optional; declare what the module has."""

    # apps.py imports this base; `default = False` keeps Django from taking it for the app's config, and every
    # subclass is the default again (Django picks the one default AppConfig subclass it finds in apps.py).
    default = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    # "kernel" (orgs, clock, events, search, notify, accounts, …: imports no domain and no door), "domain" (a
    # module of statutory acts) or "door" (portal, workbench, api, demo, ops). tests/test_layers.py holds them to it.
    layer: str = "domain"
    verbs: dict[str, str | Promise] = {}  # event verb → label on a timeline
    verb_prefixes: dict[str, str | Promise] = {}  # "<prefix>.create|update|delete" of admin edits → what is edited
    public_urls: Urls | None = None
    workbench_urls: Urls | None = None
    api_routers: tuple[ApiRouter, ...] = ()
    portal_entry: PortalEntry | None = None
    workbench_nav: tuple[NavItem, ...] = ()
    admin_managed: dict[str, AdminActs] = {}
    demo_steps: tuple[DemoStep, ...] = ()
    sitemaps: dict[str, str] = {}  # sitemap section → dotted path of a Sitemap class
    org_page: str | None = None  # dotted path of `f(org) -> dict`: what this module adds to an org's public page
    jobs_module: str | None = None  # e.g. "tasks": the module holding this app's huey (periodic) jobs
    receivers: tuple[tuple[str, str, str], ...] = ()  # (signal path, receiver path, dispatch uid), connected on ready

    def ready(self) -> None:
        _grant_admin_permissions(self)
        for signal_path, receiver_path, uid in self.receivers:
            _load(signal_path).connect(_load(receiver_path), dispatch_uid=uid)
        if self.jobs_module:
            import_module(f"{self.name}.{self.jobs_module}")


def _load(dotted: str) -> Any:
    module, _dot, attr = dotted.rpartition(".")
    return getattr(import_module(module), attr)


def _grant_admin_permissions(config: ModuleConfig) -> None:
    """Org admins get the model permissions their app declares (django-rules); which rows they touch is still
    decided by the scoping helper (orgs.admin_scoping.ScopedAdminMixin)."""
    if not config.admin_managed:
        return
    import rules

    from sunlight.orgs.rules import is_org_admin

    rules.set_perm(config.label, is_org_admin)
    for model_name, acts in config.admin_managed.items():
        for act in acts:
            rules.set_perm(f"{config.label}.{act}_{model_name}", is_org_admin)


def modules() -> Iterator[ModuleConfig]:
    """Installed Sunlight modules, in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if isinstance(config, ModuleConfig):
            yield config


def _gather(attribute: str) -> list:
    found: list = []
    for config in modules():
        value = getattr(config, attribute)
        if value is None:
            continue
        found.extend(value if isinstance(value, tuple | list) else [value])
    return found


@cache
def verb_labels() -> dict[str, str | Promise]:
    """Every module's verbs (read once per process: a timeline labels every event it shows)."""
    return {verb: text for config in modules() for verb, text in config.verbs.items()}


@cache
def verb_prefixes() -> dict[str, str | Promise]:
    return {prefix: text for config in modules() for prefix, text in config.verb_prefixes.items()}


@receiver(setting_changed)
def _installed_apps_changed(*, setting: str, **kwargs) -> None:
    """Tests that add or remove an app (modify_settings) see the registry as it is then."""
    if setting == "INSTALLED_APPS":
        verb_labels.cache_clear()
        verb_prefixes.cache_clear()


def public_urls() -> list[Urls]:
    return _gather("public_urls")


def workbench_urls() -> list[Urls]:
    return _gather("workbench_urls")


def api_routers() -> list[ApiRouter]:
    return _gather("api_routers")


def portal_entries() -> list[PortalEntry]:
    return sorted(_gather("portal_entry"), key=lambda e: e.order)


def portal_entry(slug: str) -> PortalEntry | None:
    return next((e for e in portal_entries() if e.slug == slug), None)


def workbench_nav() -> list[NavItem]:
    return sorted(_gather("workbench_nav"), key=lambda n: n.order)


def demo_steps() -> list[DemoStep]:
    return sorted(_gather("demo_steps"), key=lambda s: s.order)


def org_page_context(org: Any) -> dict[str, Any]:
    """What the installed modules show on an org's public page (公开年报, 依申请公开, …), merged."""
    context: dict[str, Any] = {}
    for config in modules():
        if config.org_page:
            context.update(_load(config.org_page)(org))
    return context


def sitemaps() -> dict[str, Callable]:
    return {section: _load(path) for config in modules() for section, path in config.sitemaps.items()}


def describe(layers: tuple[str, ...] = ("kernel", "domain", "door")) -> str:
    """The installed modules of these layers as a Markdown table. docs/architecture.md carries the kernel and the
    doors (kept honest by a test; rewrite it with `python manage.py modules --write`); the domains come and go
    with INSTALLED_APPS, so `python manage.py modules` lists them."""
    rows = [
        "| layer | module | public URLs | workbench URLs | API | portal | workbench menu | jobs | verbs |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    order = {"kernel": 0, "domain": 1, "door": 2}
    chosen = [c for c in modules() if c.layer in layers]
    for config in sorted(chosen, key=lambda c: (order.get(c.layer, 9), c.label)):
        rows.append(
            "| {layer} | `{label}` {name} | {public} | {workbench} | {api} | {portal} | {nav} | {jobs} | {verbs} |".format(
                layer=config.layer,
                label=config.label,
                name=str(config.verbose_name),
                public=f"`/{config.public_urls.prefix}`" if config.public_urls else "",
                workbench=f"`/{config.workbench_urls.prefix}`" if config.workbench_urls else "",
                api=" ".join(f"`/api/v1{r.prefix}`" for r in config.api_routers),
                portal=str(config.portal_entry.label) if config.portal_entry else "",
                nav=" ".join(str(n.label) for n in config.workbench_nav),
                jobs=f"`{config.jobs_module}.py`" if config.jobs_module else "",
                verbs=len(config.verbs) or "",
            )
        )
    return "\n".join(rows) + "\n"
