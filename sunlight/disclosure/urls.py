from django.urls import path

from . import feeds, views

app_name = "disclosure"
urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("search", views.search_view, name="search"),
    path("d/<int:pk>/", views.document, name="document"),
    path("d/<int:pk>/attachments/<int:attachment_pk>", views.attachment, name="attachment"),
    path("orgs/", views.org_index, name="orgs"),
    path("orgs/<int:pk>/", views.org_catalog, name="org"),
    path("orgs/<int:pk>/guide", views.org_guide, name="guide"),
    path("key-areas/", views.key_areas, name="key_areas"),
    path("key-areas/<slug:code>/", views.key_area, name="key_area"),
    path("statistics", views.statistics, name="statistics"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
    path("feeds/", views.feeds, name="feeds"),
    path("feeds/rss", feeds.SiteFeed(), name="site_rss"),
    path("feeds/atom", feeds.SiteAtomFeed(), name="site_atom"),
    path("feeds/orgs/<int:pk>/rss", feeds.OrgFeed(), name="org_rss"),
    path("feeds/orgs/<int:pk>/atom", feeds.OrgAtomFeed(), name="org_atom"),
    path("feeds/topics/<int:pk>/rss", feeds.TopicFeed(), name="topic_rss"),
    path("feeds/topics/<int:pk>/atom", feeds.TopicAtomFeed(), name="topic_atom"),
]
