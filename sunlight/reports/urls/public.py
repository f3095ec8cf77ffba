"""Public URLs of the annual reports (公开年报)."""

from django.urls import path

from ..views import public as public_views

app_name = "reports"
urlpatterns = [
    path("", public_views.annual_reports, name="annual"),
]
