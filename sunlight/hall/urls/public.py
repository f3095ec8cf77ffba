from django.urls import path

from ..views import public

app_name = "hall"
urlpatterns = [
    path("", public.slots, name="slots"),
    path("book/<int:pk>/", public.book, name="book"),
    path("mine/", public.mine, name="mine"),
    path("mine/<int:pk>/cancel", public.cancel, name="cancel"),
    path("mine/<int:pk>/check-in", public.check_in, name="check_in"),
]
