from django.urls import path

from ..views import public

app_name = "ratings"
urlpatterns = [
    path("", public.index, name="index"),
    path("case/<str:number>/", public.rate_case, name="case"),
    path("visit/<int:appointment_pk>/", public.rate_visit, name="visit"),
]
