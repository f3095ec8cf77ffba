"""Public page: statistics of disclosure requests per agency and year (/requests/statistics).

Counts only — no applicant, no description, no request number — so the page is the same for everyone.
The figures are cached for a few minutes (statistics.cached_statistics): requests do not bump a
portal revision, so the whole-page cache of the catalog (portal.cache.public_page) would not know
when to drop a page; a short time-based cache of the numbers is honest about its delay.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sunlight.errors import SunlightError
from sunlight.orgs import tree
from sunlight.orgs.models import Org

from ..statistics import MIN_YEAR, Stats, cached_statistics, find_org, handling_orgs, parse_year, root_government

YEARS_OFFERED = 10


def _bars(stats: Stats) -> list[tuple[str, int, float]]:
    """(label, count, percent of the year's closed requests) per outcome category, for the CSS bars."""
    closed = stats.total.closed
    return [(label, n, round(100 * n / closed, 1) if closed else 0.0) for _code, label, n in stats.total.categories()]


def _or_dash(value, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def _rows(stats: Stats) -> list[tuple[str, list, bool]]:
    """(row header, [自然人, 法人或其他组织, 总计], is a sub-row) for the table."""
    groups = [stats.natural, stats.organization, stats.total]
    by_category = [{c: n for c, _label, n in f.categories()} for f in groups]
    return [
        (_("本年收到申请"), [f.received for f in groups], False),
        (_("本年办结"), [f.closed for f in groups], False),
        *[(label, [counts[code] for counts in by_category], True) for code, label, _n in stats.total.categories()],
        (_("按时办结率"), [_or_dash(f.on_time_rate, "%") for f in groups], False),
        (_("平均办理用时（工作日）"), [_or_dash(f.average_working_days) for f in groups], False),
        (_("正在办理（截至%(d)s）") % {"d": stats.as_of.isoformat()}, [f.open_now for f in groups], False),
    ]


@require_GET
def statistics(request: HttpRequest) -> HttpResponse:
    """Choose an agency and a year; an unknown agency is a 404. Without a choice the page opens on the root government
    (the city) with everything below it, for the current year to date."""
    current = timezone.localdate().year
    year, org, error, status = current, None, "", 200
    try:
        year = parse_year(request.GET.get("year"))
        org = find_org(request.GET.get("org"))
    except SunlightError as exc:
        error, status = exc.message, exc.status
    chosen = request.GET.get("subtree") == "1"
    if org is None and not error and not request.GET.get("org"):
        org, chosen = root_government(), True
    # "With everything below it" makes sense for a people's government (its departments, lower levels).
    subtree = bool(org and org.kind == Org.Kind.GOVERNMENT and chosen)
    stats = cached_statistics(org, year, subtree=subtree) if org is not None and not error else None
    return render(
        request,
        "requests/public/statistics.html",
        {
            "orgs": tree.ordered(handling_orgs()),
            "org": org,
            "year": year,
            "subtree": subtree,
            "years": list(range(current, max(MIN_YEAR, current - YEARS_OFFERED + 1) - 1, -1)),
            "current_year": current,
            "stats": stats,
            "rows": _rows(stats) if stats else [],
            "bars": _bars(stats) if stats else [],
            "error": error,
        },
        status=status,
    )
