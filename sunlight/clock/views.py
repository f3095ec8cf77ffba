"""The workbench page where a top-org admin enters a year's official holiday notice (one act) and sees each year's state."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sunlight.accounts.access import staff_required
from sunlight.errors import SunlightError
from sunlight.orgs.shared import require_shared_settings_editor

from .actions import enter_official_notice
from .forms import OfficialNoticeForm
from .models import WorkDay


def _years() -> list[dict]:
    """From last year on: how many days each year has, by source."""
    first = timezone.localdate().year - 1
    per_year: dict[int, Counter] = defaultdict(Counter)
    for year, source in WorkDay.objects.filter(date__year__gte=first).values_list("date__year", "source"):
        per_year[year][source] += 1
    rows = []
    for year in sorted(per_year):
        c = per_year[year]
        provisional = sum(c[s] for s in WorkDay.PROVISIONAL)
        rows.append(
            {
                "year": year,
                "days": sum(c.values()),
                "provisional": provisional,
                "official": c[WorkDay.Source.OFFICIAL] + c[WorkDay.Source.CHINESECALENDAR],
                "manual": c[WorkDay.Source.MANUAL],
            }
        )
    return rows


@staff_required
@require_http_methods(["GET", "POST"])
def official_notice(request: HttpRequest) -> HttpResponse:
    require_shared_settings_editor(request.user, _("工作日历"))
    form = OfficialNoticeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                changed = enter_official_notice(
                    data["year"], lines=data["parsed"], document=data["document"], by=request.user
                )
            except SunlightError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("已录入 %(year)s 年放假安排，%(n)s 天与原数据不同；受影响的答复期限已重新计算并通知相关人员。")
                    % {"year": data["year"], "n": changed},
                )
                return redirect("clock_wb:notice")
        return render(request, "clock/notice.html", {"form": form, "years": _years()}, status=400)
    return render(request, "clock/notice.html", {"form": form, "years": _years()})
