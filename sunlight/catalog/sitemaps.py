"""Sitemaps of the public catalog: every public item's guide, and the ways in (landing, life events, the lists)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .kinds import LIFE_EVENTS
from .models import ServiceItem
from .queries import public_items


class ItemSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            public_items()
            .select_related(None)
            .select_related("current")
            .only("pk", "current__published_at")
            .order_by("pk")
        )

    def location(self, item: ServiceItem) -> str:
        return reverse("catalog:item", args=[item.pk])

    def lastmod(self, item: ServiceItem):
        return item.current.published_at


class ListSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[tuple[str, tuple]]:
        lists = ["catalog:index", "catalog:powers", "catalog:duties", "catalog:negative", "catalog:oversight"]
        return [(name, ()) for name in lists] + [("catalog:life_event", (slug,)) for slug, _a, _l in LIFE_EVENTS]

    def location(self, item: tuple[str, tuple]) -> str:
        name, args = item
        return reverse(name, args=args)
