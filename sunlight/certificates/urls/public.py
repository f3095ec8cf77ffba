from django.urls import path

from ..views import public

app_name = "certificates"
urlpatterns = [
    path("verify/", public.verify_form, name="verify_form"),
    path("verify/<str:number>/", public.verify, name="verify"),
    path("mine/", public.mine, name="mine"),
    path("<str:number>.pdf", public.download, name="pdf"),
]
