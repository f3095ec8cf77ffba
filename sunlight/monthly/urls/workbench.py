from django.urls import path

from ..views import workbench

app_name = "monthly_wb"
urlpatterns = [
    path("", workbench.report_list, name="list"),
    path("generate", workbench.generate, name="generate"),
]
