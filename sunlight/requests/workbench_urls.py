from django.urls import path

from . import notice_views
from . import popular_views as pv
from . import wb_consultation_views as cv
from . import wb_fee_views as fv
from . import workbench_views as v

app_name = "requests_wb"
urlpatterns = [
    path("", v.request_list, name="list"),
    path("new", v.request_new, name="new"),
    path("popular", pv.popular_list, name="popular"),
    path("popular/propose", pv.propose, name="propose"),
    path("<int:pk>/", v.request_detail, name="detail"),
    path("<int:pk>/reveal", v.reveal, name="reveal"),
    path("<int:pk>/correction", v.correction, name="correction"),
    path("<int:pk>/correction/received", v.correction_received, name="correction_received"),
    path("<int:pk>/extend", v.extend, name="extend"),
    path("<int:pk>/extension/decision", v.extension_decision, name="extension_decision"),
    path("<int:pk>/reply", v.reply, name="reply"),
    path("<int:pk>/reply/signoff", v.signoff, name="signoff"),
    path("<int:pk>/attachments/<int:attachment_pk>", v.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove", v.attachment_remove, name="attachment_remove"),
    path("<int:pk>/consultations", cv.consult, name="consult"),
    path("<int:pk>/consultations/answer", cv.answer, name="consultation_answer"),
    path("<int:pk>/consultations/override", cv.override, name="consultation_override"),
    path("<int:pk>/reasonable-deadline", cv.reasonable_deadline, name="reasonable_deadline"),
    path("<int:pk>/fee-notice", fv.fee_notice, name="fee_notice"),
    path("<int:pk>/payment", fv.payment, name="payment"),
    path("<int:pk>/split", fv.split, name="split"),
    path("<int:pk>/repeat-of/<int:of>", fv.repeat_prefill, name="repeat_prefill"),
    path("<int:pk>/notices/<int:notice_pk>.<str:fmt>", notice_views.staff_notice, name="notice"),
]
