"""Every installed module's declarations (sunlight.modules.ModuleConfig) are complete and point at real things.

A new module is added by writing its apps.py and putting it in INSTALLED_APPS (docs/new-module.md); this test is
what tells its author that a declaration is missing or wrong, before a page or a job fails at run time.
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from ninja import Router

from sunlight import modules
from sunlight.modules import ModuleConfig

ROOT = Path(modules.__file__).resolve().parent
CONFIGS = [c for c in apps.get_app_configs() if isinstance(c, ModuleConfig)]
JOB_RE = re.compile(r"@(?:db_)?(?:periodic_)?task\(")
RECORD_RE = re.compile(r"""record\(\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")


def _ids(configs):
    return [c.label for c in configs]


def test_every_sunlight_app_is_a_module_config():
    plain = [c.name for c in apps.get_app_configs() if c.name.startswith("sunlight.") and c not in CONFIGS]
    assert plain == []


@pytest.mark.parametrize("config", CONFIGS, ids=_ids(CONFIGS))
def test_its_url_modules_import_and_name_their_namespace(config):
    for urls in filter(None, (config.public_urls, config.workbench_urls)):
        module = import_module(urls.module)
        assert getattr(module, "app_name", ""), f"{urls.module} sets no app_name"
        assert urls.prefix.endswith("/") and not urls.prefix.startswith("/")
        assert module.urlpatterns


@pytest.mark.parametrize("config", CONFIGS, ids=_ids(CONFIGS))
def test_its_api_routers_are_ninja_routers(config):
    for router in config.api_routers:
        path, _dot, attr = router.router.rpartition(".")
        assert isinstance(getattr(import_module(path), attr), Router)
        assert router.prefix.startswith("/") and router.prefix.endswith("/") and router.tag


@pytest.mark.parametrize("config", CONFIGS, ids=_ids(CONFIGS))
def test_its_portal_entry_and_workbench_menu_items_resolve(config):
    if config.portal_entry and config.portal_entry.url_name:
        assert reverse(config.portal_entry.url_name)
    for item in config.workbench_nav:
        assert reverse(item.url_name)
        assert str(item.label)


@pytest.mark.parametrize("config", CONFIGS, ids=_ids(CONFIGS))
def test_its_admin_managed_models_exist_and_are_in_the_admin(config):
    for model_name, acts in config.admin_managed.items():
        model = apps.get_model(config.label, model_name)
        inlined = {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}
        assert admin.site.is_registered(model) or model in inlined, f"{config.label}.{model_name} is not in the admin"
        assert set(acts) <= {"view", "add", "change", "delete"}


@pytest.mark.parametrize("config", CONFIGS, ids=_ids(CONFIGS))
def test_its_demo_steps_sitemaps_org_page_and_receivers_import(config):
    for step in config.demo_steps:
        module, _dot, attr = step.function.rpartition(".")
        assert callable(getattr(import_module(module), attr))
    for path in [*config.sitemaps.values(), *filter(None, [config.org_page])]:
        module, _dot, attr = path.rpartition(".")
        assert getattr(import_module(module), attr)
    for signal_path, receiver_path, uid in config.receivers:
        for path in (signal_path, receiver_path):
            module, _dot, attr = path.rpartition(".")
            assert getattr(import_module(module), attr)
        assert uid


@pytest.mark.parametrize("config", CONFIGS, ids=_ids(CONFIGS))
def test_its_background_jobs_live_in_its_declared_jobs_module(config):
    """The worker imports each module's jobs_module: a job defined anywhere else would never be scheduled."""
    app_dir = Path(config.path)
    declared = app_dir / f"{config.jobs_module}.py" if config.jobs_module else None
    for path in app_dir.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path == declared:
            continue
        assert not JOB_RE.search(path.read_text(encoding="utf-8")), f"{path} defines a job outside {declared}"
    if declared is not None:
        assert declared.exists() and JOB_RE.search(declared.read_text(encoding="utf-8"))


@pytest.mark.parametrize("config", CONFIGS, ids=_ids(CONFIGS))
def test_every_verb_it_records_is_labelled(config):
    labels = modules.verb_labels()
    app_dir = Path(config.path)
    recorded = set()
    for path in app_dir.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            recorded |= set(RECORD_RE.findall(path.read_text(encoding="utf-8")))
    assert sorted(v for v in recorded if v not in labels) == []
    assert all(str(text) for text in config.verbs.values())


def test_no_two_modules_claim_the_same_verb_url_prefix_router_or_portal_slug():
    def claimed(values):
        values = [v for v in values if v]
        return sorted({v for v in values if values.count(v) > 1})

    assert claimed([verb for c in CONFIGS for verb in c.verbs]) == []
    assert claimed([u.prefix for u in modules.public_urls() + modules.workbench_urls()]) == []
    assert claimed([r.prefix for r in modules.api_routers()]) == []
    assert claimed([e.slug for e in modules.portal_entries()]) == []


def test_the_architecture_guide_lists_the_kernel_and_the_doors_as_the_code_declares_them():
    from django.utils import translation

    from sunlight.ops.management.commands.modules import DOCUMENTED_LAYERS, documented_table

    with translation.override("zh-hans"):
        expected = modules.describe(DOCUMENTED_LAYERS)
    assert documented_table() == expected, "run: python manage.py modules --write"
