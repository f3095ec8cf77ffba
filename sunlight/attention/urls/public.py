from django.urls import path

from ..views import public

app_name = "attention"

urlpatterns = [
    path("", public.index, name="index"),
    path("trend.json", public.trend_data, name="trend"),
    path("topic/", public.topic, name="topic"),
]
