"""The acts of 好差评, one function each (docs/architecture.md, the action contract).

The rater is never named in what staff read: events are recorded with the label "评价人", not the user (the
rating row keeps who rated, for the call-back and the report of the result).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.cases.models import Case
from sunlight.clock.calendar import get_calendar
from sunlight.errors import Conflict, refuse
from sunlight.events.log import record
from sunlight.notify.notices import send_notice
from sunlight.notify.public_cache import public_changed
from sunlight.notify.todos import close_todos, feed_role_todos, feed_todo
from sunlight.orgs import scope
from sunlight.orgs.models import Membership, Org, Role, Window

from .models import BAD_LEVELS, IN_PERSON_ASPECTS, ONLINE_ASPECTS, Appeal, Rating, Rectification

RATER_LABEL = "评价人"  # the actor of a rater's event, instead of the user: staff read the event log
HEAD_ROLES = (Role.APPROVER, Role.ADMIN)  # the org's heads: they own a rectification
STAFF_ROLES = (Role.WINDOW_CLERK, Role.HANDLER, Role.REVIEWER, Role.APPROVER, Role.ADMIN)  # may appeal
REVIEWER_ROLES = (Role.SUPERVISOR,)
MAX_COMMENT = 1000
NOTICE_CHANNELS = ("inapp", "email", "sms")

VISIT_PREFIX = "hall-appointment:"


def served_at(user, visit_ref: str, window: Window) -> bool:
    """A window visit is an appointment of the service hall: rated only by its own booker, once it was served, at
    the window it was booked for."""
    from sunlight.hall.models import Appointment

    number = visit_ref.removeprefix(VISIT_PREFIX)
    if not visit_ref.startswith(VISIT_PREFIX) or not number.isdigit():
        return False
    return Appointment.objects.filter(
        pk=int(number), user=user, status=Appointment.Status.SERVED, slot__window=window
    ).exists()


def channel_of(case: Case) -> str:
    return Rating.Channel.IN_PERSON if case.channel == Case.Channel.WINDOW else Rating.Channel.ONLINE


def aspects_for(channel: str) -> dict:
    return IN_PERSON_ASPECTS if channel == Rating.Channel.IN_PERSON else ONLINE_ASPECTS


def _clean_level(level) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 5:
        raise refuse(_("评价等级须为 1 至 5。"), "bad_level")
    return level


def _clean_aspects(aspects, channel: str) -> dict[str, int]:
    wanted = aspects_for(channel)
    if not isinstance(aspects, dict) or set(aspects) != set(wanted):
        names = "、".join(str(v) for v in wanted.values())
        raise refuse(_("请对以下各项逐一评价：%(names)s。") % {"names": names}, "bad_aspects")
    for key, value in aspects.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise refuse(_("“%(name)s”的评价须为 1 至 5。") % {"name": wanted[key]}, "bad_aspects")
    return {key: aspects[key] for key in wanted}


def _clean_comment(comment: str, level: int) -> str:
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise refuse(_("评价意见不能超过 %(n)s 字。") % {"n": MAX_COMMENT}, "comment_too_long")
    return comment


def _open_rectification(rating: Rating) -> Rectification:
    today = timezone.localdate()
    due = get_calendar().add(today, settings.RATINGS_RECTIFY_DAYS, "working")
    rect = Rectification.objects.create(rating=rating, org=rating.org, opened_on=today, due_on=due)
    feed_role_todos(
        rating.org_id,
        HEAD_ROLES,
        rect.todo_key,
        _("差评整改：%(what)s（%(level)s）") % {"what": _subject(rating), "level": rating.get_level_display()},
        url=reverse("ratings_wb:rectification", args=[rect.pk]),
        due=due,
        level="warning",
    )
    return rect


def _subject(rating: Rating) -> str:
    if rating.item_id:
        return rating.item.name
    if rating.window_id:
        return f"{rating.window.number} {rating.window.name}"
    return rating.org.name


def _save(rating: Rating) -> Rating:
    try:
        with transaction.atomic():
            rating.save(force_insert=True)
    except IntegrityError as exc:  # a second rating raced the check: the database's constraint is the last word
        raise Conflict(_("已经评价过，每次办事只能评价一次。")) from exc
    return rating


@transaction.atomic
def rate_case(case: Case, *, by, stage: str, level: int, aspects: dict, comment: str = "") -> Rating:
    """The applicant (or their agent) rates their case once at acceptance and once at completion."""
    case = Case.objects.select_for_update(of=("self",)).select_related("org", "item").get(pk=case.pk)
    if not getattr(by, "is_authenticated", False) or by.pk not in (case.applicant_user_id, case.agent_user_id):
        raise PermissionDenied(_("只有该办件的申请人可以评价。"))
    if stage == Rating.Stage.ACCEPTANCE:
        if case.accepted_on is None:
            raise Conflict(_("办件尚未受理，不能进行受理评价。"))
    elif stage == Rating.Stage.COMPLETION:
        if case.status not in (Case.Status.DELIVERED, Case.Status.NOT_ACCEPTED):
            raise Conflict(_("办件尚未办结，不能进行办结评价。"))
    else:
        raise refuse(_("评价环节不正确。"), "bad_stage")
    channel = channel_of(case)
    level = _clean_level(level)
    aspects = _clean_aspects(aspects, channel)
    comment = _clean_comment(comment, level)
    if Rating.objects.filter(case=case, stage=stage).exists():
        raise Conflict(_("该办件的%(stage)s评价已经提交，不能重复评价。") % {"stage": Rating.Stage(stage).label})
    rating = _save(
        Rating(
            case=case,
            stage=stage,
            window=case.window,
            org=case.org,
            item=case.item,
            channel=channel,
            level=level,
            aspects=aspects,
            comment=comment,
            rater=by,
        )
    )
    # The event names no case: staff who read the log cannot tie the rating to an applicant.
    return _after_rating(rating, "ratings.rate", {"stage": stage, "item": case.item_id})


@transaction.atomic
def rate_visit(window: Window, visit_ref: str, *, by, level: int, aspects: dict, comment: str = "") -> Rating:
    """A citizen served at a window rates that visit once (一次一评); `visit_ref` names the visit
    (e.g. "hall-appointment:42"). Every function in `visit_checks` must agree that `by` was served there."""
    if not getattr(by, "is_authenticated", False):
        raise PermissionDenied(_("请先登录再评价。"))
    if getattr(by, "kind", "") == "staff":
        raise PermissionDenied(_("工作人员不能评价窗口服务。"))
    visit_ref = (visit_ref or "").strip()
    prefix, colon, rest = visit_ref.partition(":")
    if not (colon and prefix and rest and visit_ref.isascii() and len(visit_ref) <= 80 and " " not in visit_ref):
        raise refuse(_("办事记录编号不正确。"), "bad_visit")
    if not served_at(by, visit_ref, window):
        raise PermissionDenied(_("只有在该窗口办过事的本人可以评价。"))
    window = Window.objects.select_related("center").get(pk=window.pk)
    level = _clean_level(level)
    aspects = _clean_aspects(aspects, Rating.Channel.IN_PERSON)
    comment = _clean_comment(comment, level)
    if Rating.objects.filter(visit_ref=visit_ref).exists():
        raise Conflict(_("这次办事已经评价过，不能重复评价。"))
    rating = _save(
        Rating(
            stage=Rating.Stage.VISIT,
            visit_ref=visit_ref,
            window=window,
            org=window.center,
            channel=Rating.Channel.IN_PERSON,
            level=level,
            aspects=aspects,
            comment=comment,
            rater=by,
        )
    )
    return _after_rating(rating, "ratings.rate_visit", {"visit": visit_ref, "window": window.number})


def _after_rating(rating: Rating, verb: str, data: dict) -> Rating:
    rect = _open_rectification(rating) if rating.level in BAD_LEVELS else None
    record(
        verb,
        actor=RATER_LABEL,
        org=rating.org,
        obj=rating,
        data={**data, "level": rating.level, "rectification": rect.pk if rect else None},
    )
    public_changed("ratings")
    return rating


# --- the rectification of a 差评 ---------------------------------------------------------------------------------


def _lock_rect(rect: Rectification, by, what: str) -> Rectification:
    rect = (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("org", "rating", "rating__item")
        .get(pk=rect.pk)
    )
    scope.require(by, rect.org, HEAD_ROLES, what)
    return rect


def _text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise refuse(_("请填写%(what)s。") % {"what": what}, "text_required")
    if len(text) > 4000:
        raise refuse(_("%(what)s不能超过 4000 字。") % {"what": what}, "text_too_long")
    return text


@transaction.atomic
def record_callback(rect: Rectification, *, by, note: str) -> Rectification:
    """回访: a head records having called the rater back (what was verified, what they said)."""
    rect = _lock_rect(rect, by, _("差评回访"))
    if rect.status != Rectification.Status.OPEN:
        raise Conflict(_("已经记录过回访。"))
    rect.callback_note = _text(note, _("回访情况"))
    rect.callback_at, rect.callback_by, rect.status = timezone.now(), by, Rectification.Status.CALLED_BACK
    rect.save(update_fields=["callback_note", "callback_at", "callback_by", "status"])
    record("ratings.callback", actor=by, org=rect.org, obj=rect, data={"rating": rect.rating_id})
    return rect


@transaction.atomic
def record_rectification(rect: Rectification, *, by, measures: str) -> Rectification:
    """整改: a head records the measures taken, after the call-back."""
    rect = _lock_rect(rect, by, _("差评整改"))
    if rect.status == Rectification.Status.OPEN:
        raise Conflict(_("请先回访评价人，再记录整改。"))
    if rect.status in Rectification.DONE:
        raise Conflict(_("已经记录过整改。"))
    rect.measures = _text(measures, _("整改措施"))
    rect.rectified_at, rect.rectified_by, rect.status = timezone.now(), by, Rectification.Status.RECTIFIED
    rect.save(update_fields=["measures", "rectified_at", "rectified_by", "status"])
    record(
        "ratings.rectify",
        actor=by,
        org=rect.org,
        obj=rect,
        data={"rating": rect.rating_id, "late": timezone.localdate() > rect.due_on},
    )
    public_changed("ratings")
    return rect


@transaction.atomic
def report_result(rect: Rectification, *, by, text: str) -> Rectification:
    """反馈: the result is reported to the rater (in-app, e-mail, SMS) and the heads' to-do closes."""
    rect = _lock_rect(rect, by, _("反馈整改结果"))
    if rect.status != Rectification.Status.RECTIFIED:
        if rect.status == Rectification.Status.REPORTED:
            raise Conflict(_("整改结果已经反馈。"))
        raise Conflict(_("请先记录整改措施，再反馈结果。"))
    rect.report_text = _text(text, _("反馈内容"))
    rect.reported_at, rect.reported_by, rect.status = timezone.now(), by, Rectification.Status.REPORTED
    rect.save(update_fields=["report_text", "reported_at", "reported_by", "status"])
    record("ratings.report", actor=by, org=rect.org, obj=rect, data={"rating": rect.rating_id})
    close_todos(rect.todo_key)
    rater = rect.rating.rater
    if rater is not None:
        channels = [c for c in NOTICE_CHANNELS if c == "inapp" or getattr(rater, "email" if c == "email" else "phone")]
        url = reverse("ratings:case", args=[rect.rating.case.number]) if rect.rating.case_id else ""
        send_notice(
            rater,
            _("您的评价已整改：%(org)s") % {"org": rect.org.name},
            rect.report_text,
            url=url,
            channels=channels,
        )
    public_changed("ratings")
    return rect


# --- appeals ---------------------------------------------------------------------------------------------------


@transaction.atomic
def appeal_rating(rating: Rating, *, by, reason: str) -> Appeal:
    """申诉: staff of the rated org say the rating is malicious or mistaken."""
    rating = Rating.objects.select_for_update(of=("self",)).select_related("org").get(pk=rating.pk)
    scope.require(by, rating.org, STAFF_ROLES, _("评价申诉"))
    if rating.excluded:
        raise Conflict(_("该评价已经申诉成立，不计入统计。"))
    if rating.appeals.filter(status=Appeal.Status.PENDING).exists():
        raise Conflict(_("该评价已有待复核的申诉。"))
    appeal = Appeal.objects.create(rating=rating, by=by, reason=_text(reason, _("申诉理由")))
    record("ratings.appeal", actor=by, org=rating.org, obj=appeal, data={"rating": rating.pk})
    for user in reviewers(rating.org):
        if user.pk != by.pk:
            feed_todo(
                user,
                f"ratings:appeal:{appeal.pk}",
                _("评价申诉待复核：%(org)s") % {"org": rating.org.name},
                url=reverse("ratings_wb:appeal", args=[appeal.pk]),
            )
    return appeal


def reviewers(org: Org) -> list:
    """The supervisors of the org and of the orgs above it: they review its appeals."""
    ids = [int(part) for part in org.path.strip("/").split("/") if part]
    rows = Membership.objects.filter(
        org_id__in=ids, role=Role.SUPERVISOR, is_active=True, user__is_active=True, org__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in rows}.values())


def can_review(user, org: Org) -> bool:
    """A supervisor of the org or of an org above it."""
    if getattr(user, "is_superuser", False):
        return True
    return any(m.role == Role.SUPERVISOR and org.path.startswith(m.org.path) for m in scope.memberships(user))


@transaction.atomic
def review_appeal(appeal: Appeal, *, by, upheld: bool, note: str) -> Appeal:
    """复核: a supervisor above the org decides; upheld, the rating is excluded from the indicators."""
    appeal = Appeal.objects.select_for_update(of=("self",)).select_related("rating", "rating__org").get(pk=appeal.pk)
    rating = appeal.rating
    if not can_review(by, rating.org):
        raise PermissionDenied(_("只有上级监察人员可以复核申诉。"))
    if appeal.by_id == by.pk:
        raise PermissionDenied(_("不能复核自己提出的申诉。"))
    if appeal.status != Appeal.Status.PENDING:
        raise Conflict(_("该申诉已经复核。"))
    appeal.review_note = _text(note, _("复核意见"))
    appeal.status = Appeal.Status.UPHELD if upheld else Appeal.Status.REJECTED
    appeal.reviewed_by, appeal.reviewed_at = by, timezone.now()
    appeal.save(update_fields=["review_note", "status", "reviewed_by", "reviewed_at"])
    close_todos(f"ratings:appeal:{appeal.pk}")
    if upheld:
        rating.excluded = True
        rating.save(update_fields=["excluded"])
        rect = Rectification.objects.filter(rating=rating).first()
        if rect is not None:
            close_todos(rect.todo_key)
        public_changed("ratings")
    record(
        "ratings.review",
        actor=by,
        org=rating.org,
        obj=appeal,
        data={"rating": rating.pk, "upheld": bool(upheld)},
    )
    return appeal
