from django.urls import path

from ..views import public

app_name = "consultations"

urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.consultation_page, name="consultation"),
    path("<int:pk>/comment/", public.comment, name="comment"),
    path("hearings/", public.hearing_list, name="hearings"),
    path("hearings/<int:pk>/", public.hearing_page, name="hearing"),
]
