from django.urls import path

from . import sso, views

app_name = "accounts"
urlpatterns = [
    path("register", views.register, name="register"),
    path("login", views.public_login, name="login"),
    path("logout", views.public_logout, name="logout"),
    path("me", views.profile, name="profile"),
    path("sso/start", sso.StartView.as_view(), name="sso_start"),
    path("sso/callback", sso.CallbackView.as_view(), name="sso_callback"),
]
