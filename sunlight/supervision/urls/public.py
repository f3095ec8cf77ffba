from django.urls import path

from ..views import public

app_name = "supervision"

urlpatterns = [
    path("", public.index, name="index"),
    path("rules/", public.rules, name="rules"),
    path("rules/<str:code>/", public.rule, name="rule"),
    path("screen/", public.screen, name="screen"),
    path("screen/data/", public.screen_data, name="screen_data"),
]
