"""The monthly supervision report (电子监察月报) of an org and its subtree: the month's figures with their formulas, the
ranking of the org's departments and districts, the cards by rule and by org, the alerts' outcome, the 督办单, the
rectification of poor ratings, efficiency complaints (when that module is installed) and the worst items. The figures
are frozen into `SupervisionReport.data` when the report is generated; HTML, PDF and XLSX are drawn from them."""

from __future__ import annotations

import io
from datetime import date

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunlight.orgs.models import Org
from sunlight.ratings.models import Rectification

from . import indicators
from .models import Alert, Severity, UrgeOrder
from .periods import month_range


def _fig(figs: dict) -> dict:
    return {
        code: {
            "label": str(f.label),
            "value": f.value,
            "numerator": f.numerator,
            "denominator": f.denominator,
            "formula": str(f.formula),
        }
        for code, f in figs.items()
    }


def build_report_data(org: Org, year: int, month: int) -> dict:
    start, end = month_range(year, month)
    sub = Q(org__path__startswith=org.path)
    alerts = Alert.objects.filter(sub, found_on__gte=start, found_on__lte=end)
    cards = alerts.filter(severity__in=[Severity.YELLOW_CARD, Severity.RED_CARD]).exclude(status=Alert.Status.WITHDRAWN)
    issued = Q(issued_on__gte=start, issued_on__lte=end)
    answered = Q(answered_on__gte=start, answered_on__lte=end)
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    # Every 督办单 acted on in the month: issued, answered, closed or escalated (escalation closes it that day).
    orders = UrgeOrder.objects.filter(sub).filter(issued | answered | closed)
    S = UrgeOrder.Status
    urge_counts = orders.aggregate(
        issued=Count("pk", filter=issued),
        answered=Count("pk", filter=answered),
        closed=Count("pk", filter=closed & Q(status=S.CLOSED)),
        escalated=Count("pk", filter=closed & Q(status=S.ESCALATED)),
    )
    opened = Q(opened_on__gte=start, opened_on__lte=end)
    rectified = Q(rectified_at__date__gte=start, rectified_at__date__lte=end)
    reported = Q(reported_at__date__gte=start, reported_at__date__lte=end)
    fixes = Rectification.objects.filter(sub).filter(opened | rectified | reported)
    counts = indicators.counts_by_org(org, start, end)
    data = {
        "org": org.name,
        "period": f"{year}-{month:02d}",
        "start": start.isoformat(),
        "end": end.isoformat(),
        # A list, not a dict: PostgreSQL's jsonb keeps no key order, and the report's order is the formulas' order.
        "figures": [{"code": code, **f} for code, f in _fig(indicators.figures(org, start, end, counts)).items()],
        "ranking": [
            {"rank": r["rank"], "org": r["org"].name, "figures": _fig(r["figures"])}
            for r in indicators.ranking(org, start, end, counts)
        ],
        "cards_by_rule": [
            {"rule": r["rule__name"], "severity": str(Severity(r["severity"]).label), "n": r["n"]}
            for r in cards.values("rule__name", "severity").annotate(n=Count("pk")).order_by("-n", "rule__name")
        ],
        "cards_by_org": [
            {"org": r["org__name"], "yellow": r["yellow"], "red": r["red"]}
            for r in cards.values("org__name")
            .annotate(
                yellow=Count("pk", filter=Q(severity=Severity.YELLOW_CARD)),
                red=Count("pk", filter=Q(severity=Severity.RED_CARD)),
            )
            .order_by("-red", "-yellow", "org__name")
        ],
        "alerts": {
            str(Alert.Status(r["status"]).label): r["n"]
            for r in alerts.values("status").annotate(n=Count("pk")).order_by("status")
        },
        "urge_counts": urge_counts,
        "urge_orders": [
            {
                "number": o.number,
                "org": o.org.name,
                "issued_on": o.issued_on.isoformat(),
                "due_on": o.due_on.isoformat(),
                "answered_on": o.answered_on.isoformat() if o.answered_on else None,
                "closed_on": o.closed_on.isoformat() if o.closed_on else None,
                "status": str(o.get_status_display()),
                "answer": o.answer[:200],
            }
            for o in orders.select_related("org").order_by("issued_on", "pk")[:200]
        ],
        # Each count is of the month's own acts: opened, rectified and reported back within the month.
        "rectifications": fixes.aggregate(
            opened=Count("pk", filter=opened),
            rectified=Count("pk", filter=rectified),
            reported=Count("pk", filter=reported),
        ),
        "items": indicators.by_item(org, start, end, limit=10),
    }
    data["complaints"] = _complaints(org, start, end)
    return data


def _complaints(org: Org, start: date, end: date) -> dict | None:
    """效能投诉 of the month, when the complaints module is installed (read by name: it is a module above this one)."""
    if not apps.is_installed("sunlight.complaints"):
        return None
    Complaint = apps.get_model("complaints", "Complaint")
    qs = Complaint.objects.filter(
        supervising_org__path__startswith=org.path, received_on__gte=start, received_on__lte=end
    )
    rows = {r["conclusion"] or "": r["n"] for r in qs.values("conclusion").annotate(n=Count("pk"))}
    labels = dict(Complaint.Conclusion.choices)
    return {
        **qs.aggregate(
            received=Count("pk"),
            concluded=Count("pk", filter=Q(status="concluded")),
            on_time=Count("pk", filter=Q(on_time=True)),
        ),
        "by_conclusion": [{"conclusion": str(labels[k]), "n": n} for k, n in rows.items() if k in labels],
    }


URGE_COUNTS = (
    (gettext_lazy("本月发出"), "issued"),
    (gettext_lazy("本月答复"), "answered"),
    (gettext_lazy("本月办结"), "closed"),
    (gettext_lazy("本月提级督办"), "escalated"),
)


def to_xlsx(data: dict) -> bytes:
    """One sheet per section of the report, in the report's order."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)

    def sheet(title, head, rows):
        ws = book.create_sheet(str(title)[:31])
        ws.append([str(h) for h in head])
        for row in rows:
            ws.append(list(row))
        ws.freeze_panes = "A2"
        return ws

    sheet(
        _("指标"),
        [_("指标"), _("数值"), _("分子"), _("分母"), _("计算公式")],
        ([f["label"], f["value"], f["numerator"], f["denominator"], f["formula"]] for f in data["figures"]),
    )
    codes = [f["code"] for f in data["figures"]]
    sheet(
        _("排名"),
        [_("名次"), _("部门或区域"), *[f["label"] for f in data["figures"]]],
        ([r["rank"], r["org"], *[r["figures"][c]["value"] for c in codes]] for r in data["ranking"]),
    )
    sheet(
        _("红黄牌"),
        [_("规则"), _("等级"), _("张数")],
        ([r["rule"], r["severity"], r["n"]] for r in data["cards_by_rule"]),
    )
    sheet(
        _("红黄牌（按机构）"),
        [_("机构"), _("黄牌"), _("红牌")],
        ([r["org"], r["yellow"], r["red"]] for r in data["cards_by_org"]),
    )
    sheet(_("告警处理"), [_("状态"), _("件数")], data["alerts"].items())
    orders = sheet(
        _("督办单"),
        [_("督办单编号"), _("被督办机构"), _("督办日期"), _("答复期限"), _("答复日期"), _("办结日期"), _("状态")]
        + [_("整改情况")],
        (
            [o["number"], o["org"], o["issued_on"], o["due_on"], o.get("answered_on"), o.get("closed_on")]
            + [o["status"], o["answer"]]
            for o in data["urge_orders"]
        ),
    )
    if counts := data.get("urge_counts"):  # reports frozen before the counts were kept have none
        orders.append([])
        for label, key in URGE_COUNTS:
            orders.append([str(label), counts[key]])
    fixes = data["rectifications"]
    sheet(
        _("差评整改"),
        [_("项目"), _("件数")],
        [[_("本月新开"), fixes["opened"]], [_("本月整改"), fixes["rectified"]], [_("本月反馈"), fixes["reported"]]],
    )
    if data.get("complaints") is not None:
        c = data["complaints"]
        sheet(
            _("效能投诉"),
            [_("项目"), _("件数")],
            [[_("本月受理"), c["received"]], [_("已办结"), c["concluded"]], [_("按时办结"), c["on_time"]]]
            + [[r["conclusion"], r["n"]] for r in c["by_conclusion"]],
        )
    sheet(
        _("事项"),
        [_("事项"), _("办结"), _("按时"), _("按时办结率"), _("平均用时（工作日）")],
        ([r["name"], r["n"], r["ok"], r["rate"], r["used"]] for r in data["items"]),
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_orgs() -> list[Org]:
    """The orgs a monthly report is made for: each region (a root org) and the two levels below it — the cities and
    the province's departments, the districts and the cities' departments."""
    orgs = []
    for root in Org.objects.filter(parent__isnull=True, is_active=True):
        orgs += list(
            Org.objects.filter(path__startswith=root.path, depth__lte=root.depth + 2, is_active=True)
            .exclude(kind=Org.Kind.SERVICE_CENTER)
            .order_by("path")
        )
    return orgs
