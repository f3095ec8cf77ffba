"""Writing a version's elements (columns, guide, citations) and the next version of an item."""

from __future__ import annotations

from ..elements import VersionData, version_fields
from ..models import Citation, Law, ServiceItem, ServiceItemVersion
from .rules import violations


def known_laws(data: VersionData) -> dict[str, int]:
    titles = {c.law_title for c in data.citations}
    return dict(Law.objects.filter(title__in=titles).values_list("title", "pk")) if titles else {}


def write_elements(version: ServiceItemVersion, data: VersionData) -> ServiceItemVersion:
    """Put `data` on a (new or draft) version, with its citations and the rules it breaks now."""
    for name, value in version_fields(data).items():
        setattr(version, name, value)
    version.violations = [r.id for r in violations(version.item, data)]
    version.save()
    version.citations.all().delete()
    laws = known_laws(data)
    Citation.objects.bulk_create(
        Citation(
            version=version,
            law_id=laws.get(c.law_title),
            law_title=c.law_title,
            article=c.article,
            clause=c.clause,
            excerpt=c.excerpt,
        )
        for c in data.citations
    )
    return version


def new_version(item: ServiceItem, data: VersionData, *, by, operation: str, reason: str) -> ServiceItemVersion:
    number = (item.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ServiceItemVersion(item=item, number=number, operation=operation, reason=reason, drafted_by=by)
    return write_elements(version, data)


def open_version(item: ServiceItem) -> ServiceItemVersion | None:
    """The item's version being drafted or reviewed (at most one at a time)."""
    return item.versions.filter(state__in=(ServiceItemVersion.State.DRAFT, ServiceItemVersion.State.SUBMITTED)).first()
