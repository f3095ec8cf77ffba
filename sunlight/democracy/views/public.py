"""The public door of 基层民主: the villages with open evaluations and votes, a village's page (open items,
published results, its 三务公开 information), an evaluation and a proposal (the ballot form for a signed-in resident
while it is open; results once published)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sunlight.acts import perform
from sunlight.notify.public_cache import public_page
from sunlight.orgs.models import Org

from .. import actions
from ..forms import BallotForm, VoteForm
from ..models import EvaluationBallot, Status, Vote
from ..queries import (
    linked_documents,
    open_counts,
    public_evaluations,
    public_proposals,
    public_villages,
    village_documents,
)
from ..rules import resident_of


@public_page("democracy")
def index(request: HttpRequest) -> HttpResponse:
    villages = [(v, *open_counts(v)) for v in public_villages()[:500]]
    return render(
        request,
        "democracy/public/index.html",
        {
            "villages": villages,
            "open_evaluations": public_evaluations().filter(status=Status.OPEN).order_by("end_on", "pk")[:50],
            "open_proposals": public_proposals().filter(status=Status.OPEN).order_by("end_on", "pk")[:50],
        },
    )


@public_page("democracy")
def village(request: HttpRequest, pk: int) -> HttpResponse:
    org = Org.objects.filter(pk=pk, kind=Org.Kind.COMMITTEE, is_active=True).first()
    if org is None:
        raise Http404(_("没有这个村（居）民委员会。"))
    evaluations = public_evaluations().filter(org=org)
    proposals = public_proposals().filter(org=org)
    return render(
        request,
        "democracy/public/village.html",
        {
            "village": org,
            "open_evaluations": evaluations.filter(status=Status.OPEN),
            "open_proposals": proposals.filter(status=Status.OPEN),
            "published_evaluations": evaluations.filter(status=Status.PUBLISHED)[:50],
            "published_proposals": proposals.filter(status=Status.PUBLISHED)[:50],
            "closed": list(evaluations.filter(status=Status.CLOSED)) + list(proposals.filter(status=Status.CLOSED)),
            "documents": village_documents(org),
        },
    )


def _standing(request: HttpRequest, org: Org, already) -> dict:
    """What the page says to this visitor: sign in, not a resident, already taken part, or the form."""
    resident = resident_of(request.user, org)
    return {"resident": resident, "taken_part": bool(resident and already(resident))}


def _evaluation(pk: int):
    evaluation = public_evaluations().filter(pk=pk).first()
    if evaluation is None:
        raise Http404(_("没有这项民主评议。"))
    return evaluation


def _evaluation_page(request: HttpRequest, evaluation, form=None, status: int = 200) -> HttpResponse:
    standing = _standing(
        request, evaluation.org, lambda r: EvaluationBallot.objects.filter(evaluation=evaluation, resident=r).exists()
    )
    return render(
        request,
        "democracy/public/evaluation.html",
        {
            "evaluation": evaluation,
            "documents": linked_documents(evaluation),
            "form": form or BallotForm(),
            **standing,
        },
        status=status,
    )


@public_page("democracy")
def evaluation_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _evaluation_page(request, _evaluation(pk))


@login_required(login_url="accounts:login")
@require_POST
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(pk)
    form = BallotForm(request.POST)
    return perform(
        request,
        lambda d: (
            actions.cast_evaluation(evaluation, by=request.user, grade=d["grade"], comment=d["comment"])
            and _("评议已提交，谢谢参与。")
        ),
        form=form,
        done=reverse("democracy:evaluation", args=[evaluation.pk]),
        refused=lambda exc: _evaluation_page(request, evaluation, form, status=exc.status),
    )


def _proposal(pk: int):
    proposal = public_proposals().filter(pk=pk).first()
    if proposal is None:
        raise Http404(_("没有这项村民议事。"))
    return proposal


def _proposal_page(request: HttpRequest, proposal, form=None, status: int = 200) -> HttpResponse:
    standing = _standing(request, proposal.org, lambda r: Vote.objects.filter(proposal=proposal, resident=r).exists())
    return render(
        request,
        "democracy/public/proposal.html",
        {"proposal": proposal, "form": form or VoteForm(options=proposal.options), **standing},
        status=status,
    )


@public_page("democracy")
def proposal_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _proposal_page(request, _proposal(pk))


@login_required(login_url="accounts:login")
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    form = VoteForm(request.POST, options=proposal.options)
    return perform(
        request,
        lambda d: actions.cast_vote(proposal, by=request.user, choice=d["choice"]) and _("投票成功，谢谢参与。"),
        form=form,
        done=reverse("democracy:proposal", args=[proposal.pk]),
        refused=lambda exc: _proposal_page(request, proposal, form, status=exc.status),
    )
