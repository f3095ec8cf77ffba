from django.urls import path

from . import import_views as imp
from . import workbench_views as v

app_name = "disclosure_wb"
urlpatterns = [
    path("", v.document_list, name="list"),
    path("new", v.document_new, name="new"),
    path("lookup", v.document_lookup, name="lookup"),
    path("<int:pk>/", v.document_detail, name="detail"),
    path("<int:pk>/edit", v.document_edit, name="edit"),
    path("<int:pk>/attach", v.attach, name="attach"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove", v.detach, name="detach"),
    path("<int:pk>/screen", v.screen, name="screen"),
    path("<int:pk>/submit", v.submit, name="submit"),
    path("<int:pk>/findings/<int:finding_pk>/mask", v.mask, name="mask"),
    path("<int:pk>/review", v.review, name="review"),
    path("<int:pk>/publish", v.publish, name="publish"),
    path("<int:pk>/withdraw", v.withdraw, name="withdraw"),
    path("<int:pk>/validity", v.validity, name="validity"),
    path("guides/<int:org_pk>", v.guide_edit, name="guide"),
    path("imports/", imp.import_list, name="imports"),
    path("imports/<int:pk>/", imp.import_detail, name="import"),
    path("imports/<int:pk>/progress", imp.import_progress, name="import_progress"),
    path("imports/<int:pk>/errors.csv", imp.import_errors, name="import_errors"),
]
