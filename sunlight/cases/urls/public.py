from django.urls import path

from ..views import public

app_name = "cases"

urlpatterns = [
    path("", public.mine, name="mine"),
    path("apply/<int:item_pk>/", public.apply, name="apply"),
    path("apply/<int:item_pk>/autosave/", public.autosave, name="autosave"),
    path("track/", public.track, name="track"),
    path("<str:number>/", public.case_page, name="case"),
    path("<str:number>/correct/", public.correct, name="correct"),
    path("<str:number>/withdraw/", public.withdraw, name="withdraw"),
    path("<str:number>/notices/<int:notice_pk>.pdf", public.notice_pdf, name="notice_pdf"),
]
