"""What the public sees of supervision: aggregates only, no names and no numbers of anyone's case."""

from __future__ import annotations

from django.db.models import Q

from sunlight.cases import days
from sunlight.orgs.models import Org

from . import indicators, tally
from .models import Alert, Severity, Watch
from .periods import month_range


def summary(org: Org | None = None) -> dict:
    today = days.today()
    org = org or Org.objects.filter(parent__isnull=True).order_by("sort_order", "pk").first()
    if org is None:
        return {"org": "", "lights": {}, "figures": {}, "cards": 0}
    watches = Watch.objects.filter(org__path__startswith=org.path)
    start, end = month_range(today.year, today.month)
    figs = indicators.figures(org, start, end)
    cards = (
        Alert.objects.filter(org__path__startswith=org.path, found_on__gte=start)
        .filter(severity__in=[Severity.YELLOW_CARD, Severity.RED_CARD])
        .exclude(status=Alert.Status.WITHDRAWN)
        .count()
    )
    rows = tally.counts(Q(), org.path)
    lights = tally.totals(rows)
    by_org = [
        {"org": r["org__name"], "green": r["green"], "yellow": r["yellow"], "red": r["red"]}
        for r in tally.worst(rows, 12)
    ]
    return {
        "org": org.name,
        "month": f"{start:%Y-%m}",
        "lights": lights,
        "by_org": by_org,
        "figures": {k: {"label": str(f.label), "value": f.value, "formula": str(f.formula)} for k, f in figs.items()},
        "cards": cards,
        "closed_today": watches.filter(open=False, closed_on=today).count(),
        "received_today": watches.filter(opened_on=today).count(),
    }


def cached_summary(seconds: int = 60) -> dict:
    """The summary as the public pages and the big screen show it: recomputed at most once a minute, whatever the
    number of screens polling it."""
    from django.core.cache import cache

    return cache.get_or_set("supervision:public-summary", summary, seconds)
