"""RSS and Atom feeds: the whole site, per org (with its subtree) and per topic (with its subtopics); the 订阅 page.

A feed opened in a browser tab is a readable page, not raw XML: a navigation (``Sec-Fetch-Dest:
document``, or an Accept header that asks for HTML first) gets an HTML page with the feed's items and
its addresses to copy into a reader; feed readers get RSS or Atom from the same address (``Vary``).
Not an XSL stylesheet: Chromium shows application/rss+xml and application/atom+xml as plain text and
does not apply ``<?xml-stylesheet?>`` to them; it applies XSLT only to application/xml, and Chromium
156 then adds a banner that XSLT support is being removed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from sunlight.notify.public_cache import public_page
from sunlight.orgs.models import Org

from ..models import Document, Topic
from ..queries import CatalogFilter, public_documents

ITEMS = 30


def is_browser_navigation(request: HttpRequest) -> bool:
    """A person opening the address in a browser tab, not a feed reader fetching it."""
    dest = request.headers.get("Sec-Fetch-Dest")
    if dest is not None:
        return dest == "document"
    first = request.headers.get("Accept", "").split(",")[0].split(";")[0].strip().lower()
    return first in ("text/html", "application/xhtml+xml")


class _DocumentFeed(Feed):
    # The name of the URL pattern of this feed's RSS form; its Atom form is the same with "_atom".
    url_name = ""

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if is_browser_navigation(request):
            response = self.readable_page(request, *args, **kwargs)
        else:
            response = super().__call__(request, *args, **kwargs)
        patch_vary_headers(response, ["Sec-Fetch-Dest", "Accept"])
        return response

    def readable_page(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        obj = self.get_object(request, *args, **kwargs)
        feed = self.get_feed(obj, request)
        rss = reverse(f"disclosure:{self.url_name}_rss", kwargs=kwargs)
        return render(
            request,
            "disclosure/public/feed.html",
            {
                "feed": feed.feed,
                "items": feed.items,
                "rss_url": request.build_absolute_uri(rss),
                "atom_url": request.build_absolute_uri(rss[: -len("rss")] + "atom"),
            },
        )

    def items(self, obj) -> list[Document]:
        return list(
            self.filter_for(obj).apply(public_documents()).select_related("publisher").order_by("-published_at")[:ITEMS]
        )

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        return item.summary or item.body_text[:200]

    def item_link(self, item: Document) -> str:
        return reverse("disclosure:document", args=[item.pk])

    def item_pubdate(self, item: Document):
        return item.published_at

    def item_guid(self, item: Document) -> str:
        return item.index_number

    item_guid_is_permalink = False

    def item_author_name(self, item: Document) -> str:
        return item.publisher.name


class SiteFeed(_DocumentFeed):
    """Every newly published document of the site."""

    url_name = "site"

    def get_object(self, request) -> None:
        return None

    def filter_for(self, obj: None) -> CatalogFilter:
        return CatalogFilter()

    def title(self) -> str:
        return _("%(site)s · 最新公开的政府信息") % {"site": settings.SITE_NAME}

    def link(self) -> str:
        return reverse("disclosure:catalog")

    def description(self) -> str:
        return _("本站各机构最新主动公开的政府信息")


class OrgFeed(_DocumentFeed):
    url_name = "org"

    def get_object(self, request, pk: int) -> Org:
        return get_object_or_404(Org, pk=pk, is_active=True)

    def filter_for(self, obj: Org) -> CatalogFilter:
        return CatalogFilter(org=obj)

    def title(self, obj: Org) -> str:
        return f"{obj.name} · 政府信息公开"

    def link(self, obj: Org) -> str:
        return reverse("disclosure:org", args=[obj.pk])

    def description(self, obj: Org) -> str:
        return f"{obj.name}及其下属机构最新主动公开的政府信息"


class TopicFeed(_DocumentFeed):
    url_name = "topic"

    def get_object(self, request, pk: int) -> Topic:
        return get_object_or_404(Topic, pk=pk)

    def filter_for(self, obj: Topic) -> CatalogFilter:
        return CatalogFilter(topic=obj)

    def title(self, obj: Topic) -> str:
        return f"{obj} · 政府信息公开"

    def link(self, obj: Topic) -> str:
        return reverse("disclosure:search") + f"?topic={obj.pk}&order=newest"

    def description(self, obj: Topic) -> str:
        return f"主题“{obj}”下最新主动公开的政府信息"


class SiteAtomFeed(SiteFeed):
    feed_type = Atom1Feed
    subtitle = SiteFeed.description


class OrgAtomFeed(OrgFeed):
    feed_type = Atom1Feed
    subtitle = OrgFeed.description


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = TopicFeed.description


@public_page("disclosure")
def feeds(request: HttpRequest) -> HttpResponse:
    """订阅: the site-wide feed and the feeds of each government and top-level topic, with how to use them."""
    return render(
        request,
        "disclosure/public/feeds.html",
        dict(
            governments=Org.objects.filter(kind=Org.Kind.GOVERNMENT, is_active=True).order_by("path")[:100],
            topics=Topic.objects.filter(parent__isnull=True),
        ),
    )
