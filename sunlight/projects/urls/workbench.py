from django.urls import path

from ..views import workbench

app_name = "projects_wb"

urlpatterns = [
    path("", workbench.project_list, name="list"),
    path("stages/<int:pk>/", workbench.stage, name="stage"),
    path("stages/<int:pk>/acts/<str:name>/", workbench.act, name="act"),
    path("stages/<int:pk>/opinions/<int:consultation_pk>/answer/", workbench.answer, name="answer"),
    path("stages/<int:pk>/materials/<int:material_pk>/", workbench.material_file, name="material"),
    path("p/<str:code>/", workbench.project, name="project"),
    path("p/<str:code>/stages/<int:stage_pk>/file/", workbench.file_stage, name="file"),
    path("pathways/", workbench.pathways, name="pathways"),
    path("pathways/install/", workbench.install, name="install"),
    path("pathways/stages/<int:pk>/items/", workbench.stage_item, name="stage_item"),
    path("register/", workbench.register, name="register"),
]
