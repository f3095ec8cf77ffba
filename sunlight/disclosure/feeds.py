"""RSS and Atom feeds per org (with its subtree) and per topic (with its subtopics)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from sunlight.orgs.models import Org

from .models import Document, Topic
from .queries import CatalogFilter, public_documents

ITEMS = 30


class _DocumentFeed(Feed):
    def items(self, obj) -> list[Document]:
        return list(self.filter_for(obj).apply(public_documents()).select_related("publisher").order_by("-published_at")[:ITEMS])

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


class OrgFeed(_DocumentFeed):
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


class OrgAtomFeed(OrgFeed):
    feed_type = Atom1Feed
    subtitle = OrgFeed.description


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = TopicFeed.description
