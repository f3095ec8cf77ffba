from django.urls import path

from . import views as v

app_name = "clock_wb"

urlpatterns = [
    path("", v.official_notice, name="notice"),
]
