from django.urls import path

from ..views import workbench

app_name = "certificates_wb"
urlpatterns = [
    path("", workbench.certificate_list, name="list"),
    path("<int:pk>/", workbench.detail, name="detail"),
    path("<int:pk>/revoke", workbench.revoke, name="revoke"),
    path("<int:pk>/renew", workbench.renew, name="renew"),
]
