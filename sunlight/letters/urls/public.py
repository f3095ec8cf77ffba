from django.urls import path

from ..views import public

app_name = "letters"

urlpatterns = [
    path("", public.index, name="index"),
    path("write/<str:code>/", public.write, name="write"),
    path("track/", public.track, name="track"),
    path("mine/", public.mine, name="mine"),
    path("statistics/", public.statistics, name="statistics"),
    path("my/<str:number>/", public.view, name="view"),
    path("my/<str:number>/rate/", public.rate, name="rate"),
    path("my/<str:number>/reopen/", public.reopen, name="reopen"),
    path("<str:number>/", public.public_letter, name="public"),
]
