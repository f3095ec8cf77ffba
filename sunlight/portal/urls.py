from django.urls import path

from . import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("elder-mode", views.toggle_elder_mode, name="elder_mode"),
    path("language/<str:code>", views.set_language, name="language"),
    path("deadline", views.deadline, name="deadline"),
    path("accessibility", views.accessibility, name="accessibility"),
    path("m/<slug:module>/", views.module_placeholder, name="module"),
]
