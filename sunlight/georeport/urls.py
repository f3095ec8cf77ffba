from django.urls import re_path

from . import views

app_name = "georeport"

urlpatterns = [
    re_path(r"^services\.(?P<fmt>[a-z]+)$", views.services, name="services"),
    re_path(r"^services/(?P<code>[A-Za-z0-9_-]{1,40})\.(?P<fmt>[a-z]+)$", views.definition, name="definition"),
    re_path(r"^requests\.(?P<fmt>[a-z]+)$", views.requests_, name="requests"),
    re_path(r"^requests/(?P<number>[A-Za-z0-9_-]{1,30})\.(?P<fmt>[a-z]+)$", views.request_one, name="request"),
]
