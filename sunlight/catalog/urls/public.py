from django.urls import path

from ..views import browse, guide, lists, search

app_name = "catalog"
urlpatterns = [
    # browse.py: the landing page and the ways in (life event, org, kind, level)
    path("", browse.index, name="index"),
    path("topics/<slug:slug>/", browse.life_event, name="life_event"),
    path("orgs/<int:pk>/", browse.org_items, name="org"),
    # guide.py: one item
    path("items/<int:pk>/", guide.item, name="item"),
    path("items/<int:pk>/checklist.pdf", guide.checklist_pdf, name="checklist"),
    path("items/<int:pk>/flowchart.svg", guide.flowchart_svg, name="flowchart"),
    path("items/<int:pk>/changes/", guide.changes, name="changes"),
    path("items/<int:pk>/versions/<int:number>/", guide.version, name="version"),
    path("items/<int:pk>/feedback", guide.feedback, name="feedback"),
    # lists.py: the three lists (and the oversight list)
    path("powers/", lists.powers, name="powers"),
    path("duties/", lists.duties, name="duties"),
    path("negative/", lists.negative, name="negative"),
    path("oversight/", lists.oversight, name="oversight"),
    # search.py: items and documents together
    path("search/", search.search, name="search"),
]
