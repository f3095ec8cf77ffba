from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Document
from .queries import public_documents


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 5000

    def items(self):
        return public_documents().only("pk", "updated_at").order_by("pk")

    def location(self, item: Document) -> str:
        return reverse("disclosure:document", args=[item.pk])

    def lastmod(self, item: Document):
        return item.updated_at


class CatalogSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["portal:home", "disclosure:catalog", "disclosure:orgs", "disclosure:key_areas", "disclosure:statistics"]

    def location(self, item: str) -> str:
        return reverse(item)
