from django.urls import path

from ..views import public

app_name = "projects"

urlpatterns = [
    path("", public.index, name="index"),
    path("register/", public.register, name="register"),
    path("p/<str:code>/", public.project_page, name="project"),
    path("p/<str:code>/stages/<int:stage_id>/file/", public.file_form, name="file"),
    path("city/<int:org_id>/", public.city, name="city"),
]
