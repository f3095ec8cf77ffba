"""Staff pages: the certificates of their orgs, one certificate with its revoke and renew forms."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sunlight.accounts.access import staff_required
from sunlight.acts import perform
from sunlight.events.log import events_for
from sunlight.orgs import scope

from .. import actions
from ..forms import RenewForm, RevokeForm
from ..queries import staff_certificates


@staff_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    found = staff_certificates(request.user)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        found = found.filter(number__startswith=q) | found.filter(holder_name__contains=q)
    return render(request, "certificates/workbench/list.html", {"certificates": found[:200], "q": q})


def _page(request, cert, revoke_form=None, renew_form=None, status=200) -> HttpResponse:
    may_act = scope.can_act(request.user, cert.org, actions.ISSUER_ROLES) and cert.status == cert.Status.VALID
    return render(
        request,
        "certificates/workbench/detail.html",
        {
            "cert": cert,
            "revoke_form": (revoke_form or RevokeForm()) if may_act else None,
            "renew_form": (renew_form or RenewForm()) if may_act else None,
            "events": events_for(cert)[:50],
        },
        status=status,
    )


def _scoped(request, pk: int):
    return get_object_or_404(staff_certificates(request.user), pk=pk)


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _scoped(request, pk))


@staff_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    cert = _scoped(request, pk)
    form = RevokeForm(request.POST)

    def act(data):
        actions.revoke_certificate(cert, by=request.user, reason=data["reason"])
        return _("已撤销证照 %(number)s。") % {"number": cert.number}

    return perform(
        request,
        act,
        form=form,
        done=reverse("certificates_wb:detail", args=[cert.pk]),
        refused=lambda exc: _page(request, cert, revoke_form=form, status=exc.status),
    )


@staff_required
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    cert = _scoped(request, pk)
    form = RenewForm(request.POST)
    outcome = {}

    def act(data):
        outcome["new"] = actions.renew_certificate(
            cert, by=request.user, valid_until=data["valid_until"], reason=data["reason"]
        )
        return _("已换发，新证照编号 %(number)s。") % {"number": outcome["new"].number}

    response = perform(
        request,
        act,
        form=form,
        done=reverse("certificates_wb:detail", args=[cert.pk]),
        refused=lambda exc: _page(request, cert, renew_form=form, status=exc.status),
    )
    if "new" in outcome:
        response["Location"] = reverse("certificates_wb:detail", args=[outcome["new"].pk])
    return response
