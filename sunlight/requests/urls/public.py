"""Public URLs of disclosure on request (依申请公开). A query code never appears in any of them."""

from django.urls import path

from ..views import landing, notices, public, statistics

app_name = "requests"
urlpatterns = [
    path("", landing.landing, name="landing"),
    path("new", public.new, name="new"),
    path("submitted", public.submitted, name="submitted"),
    path("track", public.track, name="track"),
    path("track/notice.pdf", public.track_notice_pdf, name="track_notice_pdf"),
    path("track/correct", public.track_correct, name="track_correct"),
    path("track/attachment", public.track_attachment, name="track_attachment"),
    path("mine", public.mine, name="mine"),
    path("statistics", statistics.statistics, name="statistics"),
    path("<str:number>/", public.detail, name="detail"),
    path("<str:number>/correct", public.correct, name="correct"),
    path("<str:number>/notices/<int:notice_pk>.pdf", notices.owner_notice_pdf, name="notice_pdf"),
    path("<str:number>/attachments/<int:attachment_pk>", notices.owner_attachment, name="attachment"),
]
