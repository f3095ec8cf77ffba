from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("register", views.register, name="register"),
    path("login", views.public_login, name="login"),
    path("logout", views.public_logout, name="logout"),
    path("me", views.profile, name="profile"),
]
