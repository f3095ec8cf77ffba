"""Workbench URLs of disclosure on request (依申请公开): the queue, the request page and its acts."""

from django.urls import path

from ..views import notices
from ..views.workbench import acts, consultations, detail, fees, popular, queue

app_name = "requests_wb"
urlpatterns = [
    path("", queue.request_list, name="list"),
    path("new", queue.request_new, name="new"),
    path("popular", popular.popular_list, name="popular"),
    path("popular/propose", popular.propose, name="propose"),
    path("<int:pk>/", detail.request_detail, name="detail"),
    path("<int:pk>/reveal", detail.reveal, name="reveal"),
    path("<int:pk>/correction", acts.correction, name="correction"),
    path("<int:pk>/correction/received", acts.correction_received, name="correction_received"),
    path("<int:pk>/extend", acts.extend, name="extend"),
    path("<int:pk>/extension/decision", acts.extension_decision, name="extension_decision"),
    path("<int:pk>/reply", acts.reply, name="reply"),
    path("<int:pk>/reply/signoff", acts.signoff, name="signoff"),
    path("<int:pk>/attachments/<int:attachment_pk>", acts.attachment_download, name="attachment"),
    path("<int:pk>/attachments/<int:attachment_pk>/remove", acts.attachment_remove, name="attachment_remove"),
    path("<int:pk>/consultations", consultations.consult, name="consult"),
    path("<int:pk>/consultations/answer", consultations.answer, name="consultation_answer"),
    path("<int:pk>/consultations/override", consultations.override, name="consultation_override"),
    path("<int:pk>/reasonable-deadline", consultations.reasonable_deadline, name="reasonable_deadline"),
    path("<int:pk>/fee-notice", fees.fee_notice, name="fee_notice"),
    path("<int:pk>/payment", fees.payment, name="payment"),
    path("<int:pk>/split", fees.split, name="split"),
    path("<int:pk>/repeat-of/<int:of>", fees.repeat_prefill, name="repeat_prefill"),
    path("<int:pk>/notices/<int:notice_pk>.<str:fmt>", notices.staff_notice, name="notice"),
]
