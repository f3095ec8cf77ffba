from django.urls import path

from ..views import workbench

app_name = "consultations_wb"

urlpatterns = [
    path("", workbench.consultation_list, name="list"),
    path("new/", workbench.create, name="create"),
    path("<int:pk>/", workbench.detail, name="detail"),
    path("<int:pk>/acts/<str:name>/", workbench.act, name="act"),
    path("<int:pk>/comments/<int:comment_pk>/moderate/", workbench.moderate, name="moderate"),
    path("<int:pk>/points/", workbench.point_add, name="point_add"),
    path("<int:pk>/points/<int:point_pk>/", workbench.point_edit, name="point_edit"),
    path("<int:pk>/points/<int:point_pk>/remove/", workbench.point_remove, name="point_remove"),
    path("hearings/", workbench.hearing_list, name="hearings"),
    path("hearings/new/", workbench.hearing_create, name="hearing_create"),
    path("hearings/<int:pk>/", workbench.hearing_detail, name="hearing"),
    path("hearings/<int:pk>/record/", workbench.hearing_record, name="hearing_record"),
]
