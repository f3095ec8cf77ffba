from django.urls import path

from ..views import public

app_name = "monthly"
urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.report, name="report"),
    path("<int:pk>.pdf", public.report_pdf, name="report_pdf"),
]
