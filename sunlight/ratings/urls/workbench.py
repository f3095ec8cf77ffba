from django.urls import path

from ..views import workbench

app_name = "ratings_wb"
urlpatterns = [
    path("", workbench.rating_list, name="list"),
    path("<int:pk>/", workbench.rating_detail, name="rating"),
    path("<int:pk>/appeal", workbench.appeal, name="appeal_rating"),
    path("rectifications/", workbench.rectification_list, name="rectifications"),
    path("rectifications/<int:pk>/", workbench.rectification_detail, name="rectification"),
    path("rectifications/<int:pk>/callback", workbench.callback, name="callback"),
    path("rectifications/<int:pk>/rectify", workbench.rectify, name="rectify"),
    path("rectifications/<int:pk>/report", workbench.report, name="report"),
    path("appeals/", workbench.appeal_list, name="appeals"),
    path("appeals/<int:pk>/", workbench.appeal_detail, name="appeal"),
    path("appeals/<int:pk>/review", workbench.review, name="review"),
]
