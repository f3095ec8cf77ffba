"""The public portal's modules. A module appears in the menu and on the home page once its app is installed
(INSTALLED_APPS); until then it is hidden rather than a dead end. A module's issue names its page's URL here."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Module:
    slug: str
    label: str
    summary: str
    url_name: str | None = None  # None: shows the placeholder page until the module lands
    app: str = ""  # the Django app that builds the module; the module is shown only when it is installed

    @property
    def enabled(self) -> bool:
        return apps.is_installed(self.app)

    @property
    def url(self) -> str:
        if self.url_name:
            try:
                return reverse(self.url_name)
            except NoReverseMatch:
                pass
        return reverse("portal:module", args=[self.slug])


MODULES = [
    Module(
        "disclosure",
        _("信息公开"),
        _("主动公开的政府信息、政策解读、重点领域信息和公开指南。"),
        "disclosure:catalog",
        "sunlight.disclosure",
    ),
    Module(
        "requests",
        _("依申请公开"),
        _("在线申请政府信息公开，凭查询码跟踪办理进度。"),
        "requests:landing",
        "sunlight.requests",
    ),
    Module("services", _("办事服务"), _("办事指南、在线申报、办件查询，少跑腿、一次办。"), app="sunlight.cases"),
    Module("powers", _("权力清单"), _("权力清单、责任清单、负面清单和监管清单。"), app="sunlight.catalog"),
    Module("letters", _("政民互动"), _("领导信箱、咨询投诉和意见征集，来信有回音。"), app="sunlight.letters"),
    Module("supervision", _("电子监察"), _("办件时效、按时办结率和满意度，全程公开。"), app="sunlight.supervision"),
    Module("reports", _("年度报告"), _("政府信息公开工作年度报告。"), "reports:annual", "sunlight.reports"),
]


def enabled() -> list[Module]:
    """The modules shown in the menu and on the home page."""
    return [m for m in MODULES if m.enabled]


def by_slug(slug: str) -> Module | None:
    return next((m for m in MODULES if m.slug == slug), None)
