"""One definition of what the public sees of the catalog and what a member of staff sees."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from sunlight.orgs import scope

from .models import ServiceItem, ServiceItemVersion

LIVE = (ServiceItem.Status.ACTIVE, ServiceItem.Status.SUSPENDED)


def public_items() -> QuerySet[ServiceItem]:
    """Items with a published version that are in use or suspended (cancelled ones keep their own page)."""
    return ServiceItem.objects.filter(status__in=LIVE, current__isnull=False).select_related("org", "current")


def published_item(pk: int) -> ServiceItem | None:
    """Any item that has ever been published (a cancelled item's page shows its history)."""
    return ServiceItem.objects.filter(pk=pk, current__isnull=False).select_related("org", "current").first()


def public_versions(item: ServiceItem) -> QuerySet[ServiceItemVersion]:
    return item.versions.filter(state=ServiceItemVersion.State.PUBLISHED).order_by("-number")


def in_force_q(day: date) -> Q:
    return Q(state=ServiceItemVersion.State.PUBLISHED, effective_from__lte=day) & (
        Q(effective_until__isnull=True) | Q(effective_until__gt=day)
    )


def version_in_force(item: ServiceItem, day: date) -> ServiceItemVersion | None:
    """The version of an item in force on a day (None before its first or after its cancellation)."""
    # The item's own versions (a handful, by the (item, number) index), checked here: with the state and the date
    # in the WHERE, SQLite without ANALYZE statistics walks the catalog-wide (state, effective_from) index instead
    # (250 ms a guide page at 100,000 items).
    return next((v for v in item.versions.order_by("-number") if v.in_force_on(day)), None)


def staff_items(user) -> QuerySet[ServiceItem]:
    return scope.scoped(ServiceItem.objects.select_related("org", "current"), user)


def staff_versions(user) -> QuerySet[ServiceItemVersion]:
    return scope.scoped(ServiceItemVersion.objects.select_related("item", "item__org"), user, field="item__org")


def items_citing(law) -> QuerySet[ServiceItem]:
    """Every live item whose version in force cites `law` (what an amendment of the law touches)."""
    return public_items().filter(current__citations__law=law).distinct()
