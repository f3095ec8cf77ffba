from django.urls import path

from ..views import public

app_name = "democracy"

urlpatterns = [
    path("", public.index, name="index"),
    path("villages/<int:pk>/", public.village, name="village"),
    path("evaluations/<int:pk>/", public.evaluation_page, name="evaluation"),
    path("evaluations/<int:pk>/ballot/", public.ballot, name="ballot"),
    path("proposals/<int:pk>/", public.proposal_page, name="proposal"),
    path("proposals/<int:pk>/vote/", public.vote, name="vote"),
]
