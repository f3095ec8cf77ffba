from django.urls import path

from ..views import workbench

app_name = "complaints_wb"

urlpatterns = [
    path("", workbench.complaint_list, name="list"),
    path("register/", workbench.register, name="register"),
    path("statistics/", workbench.statistics, name="statistics"),
    path("statistics.xlsx", workbench.statistics_xlsx, name="statistics_xlsx"),
    path("<int:pk>/", workbench.complaint_detail, name="detail"),
    path("<int:pk>/acts/<str:name>/", workbench.act, name="act"),
]
