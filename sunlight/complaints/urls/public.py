from django.urls import path

from ..views import public

app_name = "complaints"

urlpatterns = [
    path("", public.index, name="index"),
    path("file/", public.file, name="file"),
    path("mine/", public.mine, name="mine"),
    path("track/", public.track, name="track"),
    path("statistics/", public.statistics, name="statistics"),
    path("mine/<str:number>/", public.complaint_page, name="complaint"),
]
