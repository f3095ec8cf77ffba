from django.urls import path

from ..views import workbench

app_name = "hall_wb"
urlpatterns = [
    path("", workbench.index, name="index"),
    path("window/<int:pk>/", workbench.window_board, name="board"),
    path("window/<int:pk>/slots", workbench.open_slots, name="slots"),
    path("window/<int:pk>/take", workbench.take, name="take"),
    path("window/<int:pk>/call", workbench.call, name="call"),
    path("ticket/<int:pk>/finish", workbench.finish, name="finish"),
    path("ticket/<int:pk>/skip", workbench.skip, name="skip"),
    path("appointment/<int:pk>/check-in", workbench.check_in, name="check_in"),
]
