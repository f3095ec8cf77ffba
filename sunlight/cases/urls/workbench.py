from django.urls import path

from ..views import workbench

app_name = "cases_wb"

urlpatterns = [
    path("", workbench.queue, name="queue"),
    path("register/", workbench.register, name="register"),
    path("<int:pk>/", workbench.detail, name="detail"),
    path("<int:pk>/receipt/", workbench.receipt, name="receipt"),
    path("<int:pk>/act/<slug:name>/", workbench.act, name="act"),
    path("<int:pk>/notices/<int:notice_pk>.pdf", workbench.notice_pdf, name="notice_pdf"),
    path("<int:pk>/materials/<int:material_pk>/", workbench.material_file, name="material"),
]
