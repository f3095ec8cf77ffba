"""Public URLs of disclosure on request (依申请公开). A query code never appears in any of them."""

from django.urls import path

from . import views

app_name = "requests"
urlpatterns = [
    path("new", views.new, name="new"),
    path("track", views.track, name="track"),
    path("mine", views.mine, name="mine"),
    path("<str:number>/", views.detail, name="detail"),
]
