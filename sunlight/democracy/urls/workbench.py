from django.urls import path

from ..views import workbench

app_name = "democracy_wb"

urlpatterns = [
    path("", workbench.index, name="index"),
    path("residents/", workbench.residents, name="residents"),
    path("residents/<int:pk>/end/", workbench.end_residence, name="end_residence"),
    path("<str:kind>/new/", workbench.new, name="new"),
    path("<str:kind>/<int:pk>/", workbench.detail, name="detail"),
    path("<str:kind>/<int:pk>/edit/", workbench.edit, name="edit"),
    path("<str:kind>/<int:pk>/delete/", workbench.delete, name="delete"),
    path("<str:kind>/<int:pk>/acts/<str:name>/", workbench.act, name="act"),
]
