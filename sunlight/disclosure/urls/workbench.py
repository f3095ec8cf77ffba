from django.urls import path

from ..views.workbench import documents, guide, imports

app_name = "disclosure_wb"
urlpatterns = [
    path("", documents.document_list, name="list"),
    path("new", documents.document_new, name="new"),
    path("lookup", documents.document_lookup, name="lookup"),
    path("<int:pk>/", documents.document_detail, name="detail"),
    path("<int:pk>/edit", documents.document_edit, name="edit"),
    path("<int:pk>/attach", documents.attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove", documents.detach, name="detach"),
    path("<int:pk>/screen", documents.screen, name="screen"),
    path("<int:pk>/submit", documents.submit, name="submit"),
    path("<int:pk>/findings/<int:finding_pk>/mask", documents.mask, name="mask"),
    path("<int:pk>/review", documents.review, name="review"),
    path("<int:pk>/publish", documents.publish, name="publish"),
    path("<int:pk>/withdraw", documents.withdraw, name="withdraw"),
    path("<int:pk>/validity", documents.validity, name="validity"),
    path("guides/<int:org_pk>", guide.guide_edit, name="guide"),
    path("imports/", imports.import_list, name="imports"),
    path("imports/<int:pk>/", imports.import_detail, name="import"),
    path("imports/<int:pk>/progress", imports.import_progress, name="import_progress"),
    path("imports/<int:pk>/errors.csv", imports.import_errors, name="import_errors"),
]
