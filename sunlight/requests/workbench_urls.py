from django.urls import path

from . import notice_views
from . import workbench_views as v

app_name = "requests_wb"
urlpatterns = [
    path("", v.request_list, name="list"),
    path("new", v.request_new, name="new"),
    path("<int:pk>/", v.request_detail, name="detail"),
    path("<int:pk>/reveal", v.reveal, name="reveal"),
    path("<int:pk>/correction", v.correction, name="correction"),
    path("<int:pk>/correction/received", v.correction_received, name="correction_received"),
    path("<int:pk>/extend", v.extend, name="extend"),
    path("<int:pk>/reply", v.reply, name="reply"),
    path("<int:pk>/notices/<int:notice_pk>.<str:fmt>", notice_views.staff_notice, name="notice"),
]
