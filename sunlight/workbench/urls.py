from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
    path("login", views.login_view, name="login"),
    path("logout", views.logout_view, name="logout"),
    path("todos/<int:pk>/done", views.todo_done, name="todo_done"),
    path("notices/read", views.notices_read, name="notices_read"),
    path("events", views.event_list, name="events"),
    path("timeline/<str:object_type>/<str:object_id>", views.timeline, name="timeline"),
    path("orgs/<int:pk>", views.org_detail, name="org"),
    path("security", views.security, name="security"),
]
