from django.urls import path

from ..views import workbench

app_name = "attention_wb"

urlpatterns = [
    path("", workbench.index, name="index"),
    path("summary.pdf", workbench.summary_pdf, name="summary"),
    path("suggestions/<int:pk>/merge/", workbench.merge, name="merge"),
    path("suggestions/<int:pk>/dismiss/", workbench.dismiss, name="dismiss"),
]
