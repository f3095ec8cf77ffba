from django.urls import path

from ..views import feeds, open_data, public

app_name = "disclosure"
urlpatterns = [
    path("", public.catalog, name="catalog"),
    path("search", public.search_view, name="search"),
    path("d/<int:pk>/", public.document, name="document"),
    path("d/<int:pk>/attachments/<int:attachment_pk>", public.attachment, name="attachment"),
    path("orgs/", public.org_index, name="orgs"),
    path("orgs/<int:pk>/", public.org_catalog, name="org"),
    path("orgs/<int:pk>/guide", public.org_guide, name="guide"),
    path("key-areas/", public.key_areas, name="key_areas"),
    path("key-areas/<slug:code>/", public.key_area, name="key_area"),
    path("statistics", open_data.statistics, name="statistics"),
    path("export.csv", open_data.export_csv, name="export_csv"),
    path("export.json", open_data.export_json, name="export_json"),
    path("feeds/", feeds.feeds, name="feeds"),
    path("feeds/rss", feeds.SiteFeed(), name="site_rss"),
    path("feeds/atom", feeds.SiteAtomFeed(), name="site_atom"),
    path("feeds/orgs/<int:pk>/rss", feeds.OrgFeed(), name="org_rss"),
    path("feeds/orgs/<int:pk>/atom", feeds.OrgAtomFeed(), name="org_atom"),
    path("feeds/topics/<int:pk>/rss", feeds.TopicFeed(), name="topic_rss"),
    path("feeds/topics/<int:pk>/atom", feeds.TopicAtomFeed(), name="topic_atom"),
]
