"""The demo city under supervision: every demo case, stage and request watched; a month of nightly sweeps replayed
(so the dashboard has its trend); and the stories the issue asks to see — a red light on an overdue case, a yellow
card for a second correction notice, an alert for a material not in the guide, and a 督办单 answered and closed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sunlight.accounts.models import User
from sunlight.cases import actions as case_actions
from sunlight.cases.days import acting_on
from sunlight.cases.models import Case, CaseMaterial
from sunlight.monthly.actions import last_month
from sunlight.orgs.models import Membership, Org, Region, Role
from sunlight.projects.models import StageApplication
from sunlight.ratings.models import Rating
from sunlight.requests.models import InfoRequest

from . import actions, engine
from .models import Alert, Kind, Light, UrgeOrder, Watch
from .report import report_orgs

PDF = b"%PDF-1.4\n% demo material\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_supervision(count: int = 1) -> int:
    """Idempotent: re-evaluating changes nothing twice, the stories are made once."""
    today = timezone.localdate()
    _second_correction(today)
    _extra_material(today)
    rules = engine.current_rules(today)
    made = 0
    for kind, model in ((Kind.CASE, Case), (Kind.STAGE, StageApplication), (Kind.REQUEST, InfoRequest)):
        for pk in model.objects.values_list("pk", flat=True).iterator():
            engine.evaluate(kind, pk, today=today, rules=rules)
            made += 1
    for n in range(30, -1, -1):  # a month of nightly sweeps, in order
        engine.sweep(today=today - timedelta(days=n))
    _urge_story(today)
    benchmark_region(today)
    _last_months_reports(today)
    engine.notify_new_alerts()
    return made


def _last_months_reports(today) -> None:
    """What the worker would have made on the 1st: last month's report of the region and each org below it."""
    year, month = last_month(today)
    for org in report_orgs():
        actions.generate_supervision_report(org, year, month)


def _second_correction(today) -> None:
    """一次性告知 broken: a case corrected once, then told to correct again (with the new reason recorded)."""
    if Case.objects.filter(repeat_correction=True, external_ref__startswith="DEMO-").exists():
        return
    case = (
        Case.objects.filter(
            status=Case.Status.CORRECTING, applicant_user__isnull=False, external_ref__startswith="DEMO-"
        )
        .order_by("pk")
        .first()
    )
    clerk = User.objects.filter(username__in=["xu.li", "huang.lei"]).order_by("username").first()
    if case is None or clerk is None:
        return
    clerk = next(
        (m.user for m in Membership.objects.filter(org=case.center or case.org, role=Role.WINDOW_CLERK)), clerk
    )
    with transaction.atomic(), acting_on(today):
        upload = SimpleUploadedFile("补正.pdf", PDF, "application/pdf")
        case = case_actions.submit_correction(
            case, [case_actions.MaterialInput(0, upload=upload)], by=case.applicant_user
        )
        case_actions.request_correction(
            case, by=clerk, defects=["补充法定代表人身份证明"], repeat_reason="首次告知时未发现法定代表人已于上月变更"
        )


def _extra_material(today) -> None:
    """增加申请材料: a material the item version does not list, demanded of an applicant (a record pushed from the
    old platform, as the seeds describe it)."""
    if CaseMaterial.objects.filter(name="无犯罪记录证明", case__external_ref__startswith="DEMO-").exists():
        return
    case = Case.objects.filter(status=Case.Status.HANDLING, external_ref__startswith="DEMO-").order_by("pk").first()
    if case is not None:
        CaseMaterial.objects.create(
            case=case, position=90, name="无犯罪记录证明", provision=CaseMaterial.Provision.MISSING, round=1
        )


def _urge_story(today) -> None:
    """The city supervisor urges the org of the most overdue case; its head answers; the supervisor closes it."""
    if UrgeOrder.objects.exists():
        return
    supervisor = User.objects.filter(username="supervisor").first()
    red = Watch.objects.filter(open=True, light=Light.RED, kind=Kind.CASE).order_by("due_on").first()
    if supervisor is None or red is None:
        return
    alert = Alert.objects.filter(kind=red.kind, object_id=red.object_id, status=Alert.Status.OPEN).first()
    head = Membership.objects.filter(org=red.org, role=Role.APPROVER, is_active=True).select_related("user").first()
    with acting_on(today):
        order = actions.issue_urge_order(
            by=supervisor,
            alert=alert,
            watch=red,
            demand="该件已超过办结期限，请于三日内办结并报告超期原因和整改措施。",
            due_on=today + timedelta(days=3),
        )
        if head is not None:
            actions.answer_urge_order(
                order, by=head.user, answer="已于今日办结，超期原因为承办人病休未及时交接；已建立AB岗制度。"
            )
            actions.close_urge_order(order, by=supervisor, conclusion="整改到位，予以办结。")
        # A second one left open, for the department to answer in the demo.
        second = Watch.objects.filter(open=True, light=Light.RED).exclude(pk=red.pk).order_by("due_on").first()
        if second is not None:
            actions.issue_urge_order(
                by=supervisor, watch=second, demand="请说明超期原因并限期办结。", due_on=today + timedelta(days=5)
            )


# 广西's published figures (services-and-supervision.md): on time 99.7 %, speed-up 82.8 %, satisfied 99.9 %.
BENCHMARK = {"cases": 1000, "late": 3, "promised_3": 560, "promised_4": 440, "ratings": 1000, "unhappy": 1}


def benchmark_region(today) -> Org | None:
    """A county of the demo city configured to match 广西's figures last month: 1,000 cases imported from its old
    system (statutory limit 20 working days, promised 3 or 4, three of them late) and 1,000 ratings (one poor), so
    the indicators page shows 99.7 % / 82.8 % / 99.9 % from the same formulas as everywhere else."""
    city = Org.objects.filter(name="云川市人民政府").select_related("region").first()
    if city is None or Org.objects.filter(name="南屏县人民政府").exists():
        return None
    region, _ = Region.objects.get_or_create(
        code="990181", defaults={"name": "南屏县", "level": Region.Level.COUNTY, "parent": city.region}
    )
    county = Org.objects.create(
        name="南屏县人民政府", short_name="南屏县", kind=Org.Kind.GOVERNMENT, region=region, parent=city
    )
    bureau = Org.objects.create(
        name="南屏县行政审批局", short_name="南屏县审批局", kind=Org.Kind.DEPARTMENT, region=region, parent=county
    )
    last = today.replace(day=1) - timedelta(days=1)
    first = last.replace(day=1)
    span = (last - first).days + 1
    n = BENCHMARK
    watches = []
    for i in range(n["cases"]):
        promised = 3 if i < n["promised_3"] else 4
        late = i >= n["cases"] - n["late"]
        closed = first + timedelta(days=i % span)
        watches.append(
            Watch(
                kind=Kind.CASE,
                object_id=10**12 + i,
                number=f"NP{first:%Y%m}{i:05d}",
                title="南屏县行政审批（历史数据）",
                org=bureau,
                phase="closed",
                opened_on=closed - timedelta(days=7),
                limit_days=20,
                promised_days=promised,
                open=False,
                closed_on=closed,
                on_time=not late,
                used_days=22 if late else promised,
                light=Light.GREEN,
                light_since=closed,
            )
        )
    Watch.objects.bulk_create(watches, batch_size=500)
    ratings = [
        Rating(
            stage=Rating.Stage.VISIT,
            visit_ref=f"NP-{first:%Y%m}-{i:05d}",
            org=bureau,
            channel=Rating.Channel.IN_PERSON,
            level=2 if i < n["unhappy"] else (5 if i % 3 else 4),
        )
        for i in range(n["ratings"])
    ]
    Rating.objects.bulk_create(ratings, batch_size=500)
    at = timezone.make_aware(datetime.combine(first + timedelta(days=10), datetime.min.time()))
    Rating.objects.filter(org=bureau).update(created_at=at)
    return county
