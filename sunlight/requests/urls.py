"""Public URLs of disclosure on request (依申请公开). A query code never appears in any of them."""

from django.urls import path

from . import landing_views, notice_views, stats_views, views

app_name = "requests"
urlpatterns = [
    path("", landing_views.landing, name="landing"),
    path("new", views.new, name="new"),
    path("submitted", views.submitted, name="submitted"),
    path("track", views.track, name="track"),
    path("track/notice.pdf", views.track_notice_pdf, name="track_notice_pdf"),
    path("track/correct", views.track_correct, name="track_correct"),
    path("track/attachment", views.track_attachment, name="track_attachment"),
    path("mine", views.mine, name="mine"),
    path("statistics", stats_views.statistics, name="statistics"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/correct", views.correct, name="correct"),
    path("<str:number>/notices/<int:notice_pk>.pdf", notice_views.owner_notice_pdf, name="notice_pdf"),
    path("<str:number>/attachments/<int:attachment_pk>", notice_views.owner_attachment, name="attachment"),
]
