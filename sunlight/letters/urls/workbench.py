from django.urls import path

from ..views import workbench

app_name = "letters_wb"

urlpatterns = [
    path("", workbench.letter_list, name="list"),
    path("register/", workbench.register, name="register"),
    path("export.csv", workbench.export, name="export"),
    path("groups/", workbench.group_create, name="group_create"),
    path("groups/<int:pk>/", workbench.group, name="group"),
    path("<int:pk>/", workbench.letter_detail, name="detail"),
    path("<int:pk>/<str:name>/", workbench.act, name="act"),
]
