from django.urls import path

from ..views.workbench import editing, imports, items, report

app_name = "catalog_wb"
urlpatterns = [
    # items.py: lists and one version, the readers' corrections
    path("", items.item_list, name="items"),
    path("versions/<int:pk>/", items.version_detail, name="version"),
    path("feedback/", items.feedback_list, name="feedback"),
    # editing.py: the acts (new item, edit draft, submit, return, publish, change, suspend, cancel, split, merge)
    path("new", editing.new_item, name="new"),
    path("versions/<int:pk>/edit", editing.edit_draft, name="edit"),
    path("versions/<int:pk>/<slug:act>", editing.version_act, name="version_act"),
    path("items/<int:pk>/<slug:act>", editing.item_act, name="item_act"),
    # imports.py: Excel import with progress and error workbook, export of any filter
    path("imports/", imports.import_list, name="imports"),
    path("imports/<int:pk>/", imports.import_detail, name="import"),
    path("imports/<int:pk>/progress", imports.import_progress, name="import_progress"),
    path("imports/<int:pk>/errors.xlsx", imports.import_errors, name="import_errors"),
    path("export.xlsx", imports.export, name="export"),
    # report.py: the catalog-wide consistency report
    path("report/", report.consistency_report, name="report"),
]
