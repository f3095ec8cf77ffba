"""/api/v1/hall/: free slots (public), a citizen's bookings (session), a window's day board and queue (staff).

Public: the open slots with their free places. Citizen (the portal session with its CSRF token; public accounts
have no bearer tokens): book, cancel, check in at a kiosk, my appointments. Staff (session or bearer token): the
board of a window in their centers, walk-in ticket, call next, finish.
"""
# No `from __future__ import annotations` here: django-ninja reads the parameter types at import time.

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import AuthenticationError
from ninja.pagination import paginate
from ninja.utils import check_csrf

from sunlight.accounts.access import is_staff_user
from sunlight.api.auth import staff_or_token_auth
from sunlight.api.types import BoundedLimitOffsetPagination, Id
from sunlight.catalog.queries import public_items
from sunlight.errors import SunlightError

from . import actions
from .queries import (
    board,
    my_appointment,
    my_appointments,
    open_windows,
    public_centers,
    public_slot,
    public_slots,
    staff_ticket,
    staff_window,
)

router = Router()


def _citizen(request: HttpRequest):
    """The portal session of a citizen's or company's account (public accounts have no bearer tokens).

    The citizen endpoints declare no ninja auth (the OpenAPI "security" marks the staff operations, and the staff-only
    walk in tests/test_api_staff_only.py reads it); they ask here instead: anonymous is a 401, a staff account a 403,
    and a POST needs the session's CSRF token as the staff session does."""
    user = request.user
    if not user.is_authenticated:
        raise AuthenticationError()
    if is_staff_user(user):
        raise PermissionDenied(_("该接口供公众账户使用。"))
    if request.method == "POST" and check_csrf(request) is not None:
        raise PermissionDenied(_("CSRF 校验失败，请刷新页面后重试。"))
    return user


class SlotOut(Schema):
    id: int
    center_id: int
    center: str
    window_id: int
    window: str
    day: date
    starts_at: time
    ends_at: time
    capacity: int
    free: int

    @staticmethod
    def resolve_center_id(obj) -> int:
        return obj.window.center_id

    @staticmethod
    def resolve_center(obj) -> str:
        return obj.window.center.name

    @staticmethod
    def resolve_window(obj) -> str:
        return f"{obj.window.number} {obj.window.name}"


class AppointmentOut(Schema):
    id: int
    slot: SlotOut
    item_id: int | None
    status: str
    ticket_number: str
    booked_at: datetime
    cancelled_at: datetime | None
    arrived_at: datetime | None
    served_at: datetime | None


class TicketOut(Schema):
    id: int
    window_id: int
    day: date
    number: int
    label: str
    status: str
    appointment_id: int | None
    issued_at: datetime
    called_at: datetime | None
    served_at: datetime | None


class BoardAppointmentOut(Schema):
    id: int
    starts_at: time
    status: str
    ticket_number: str
    item_id: int | None

    @staticmethod
    def resolve_starts_at(obj) -> time:
        return obj.slot.starts_at


class BoardOut(Schema):
    window_id: int
    day: date
    called: list[TicketOut]
    waiting: list[TicketOut]
    done: list[TicketOut]
    appointments: list[BoardAppointmentOut]


class BookIn(Schema):
    slot_id: Id
    item_id: Id | None = Field(None, description="可选：预约办理的事项（办事指南中的事项编号）")


def _appointment(appointment) -> dict:
    slot = public_slots().filter(pk=appointment.slot_id).first() or appointment.slot
    if not hasattr(slot, "free"):  # a slot that has started or passed: no places left to offer
        slot.free = 0
    return {**{f: getattr(appointment, f) for f in AppointmentOut.model_fields if f != "slot"}, "slot": slot}


@router.get("/slots", auth=None, response=list[SlotOut], summary="可预约时段 / free slots")
@paginate(BoundedLimitOffsetPagination)
def slots(request: HttpRequest, center: Id | None = None, window: Id | None = None, day: date | None = None):
    found_center = public_centers().filter(pk=center).first() if center else None
    found_window = open_windows().filter(pk=window).first() if window else None
    if (center and found_center is None) or (window and found_window is None):
        raise SunlightError(_("没有该政务服务中心或窗口。"), code="not_found")
    return public_slots(center=found_center, window=found_window, day=day)


@router.get("/mine", auth=None, response=list[AppointmentOut], summary="我的预约 / my appointments")
def mine(request: HttpRequest):
    user = _citizen(request)
    return [_appointment(a) for a in my_appointments(user)[:100]]


@router.post("/mine", auth=None, response={201: AppointmentOut}, summary="预约一个时段 / book a slot")
def book(request: HttpRequest, data: BookIn):
    user = _citizen(request)
    slot = public_slot(data.slot_id)
    item = None
    if data.item_id is not None:
        item = public_items().filter(pk=data.item_id).first()
        if item is None:
            raise SunlightError(_("所选事项不可预约。"), code="bad_item")
    appointment = actions.book_appointment(slot, by=user, item=item)
    return Status(201, _appointment(appointment))


@router.post(
    "/mine/{int:appointment_id}/cancel",
    auth=None,
    response=AppointmentOut,
    summary="取消预约 / cancel",
)
def cancel(request: HttpRequest, appointment_id: Id):
    user = _citizen(request)
    appointment = actions.cancel_appointment(my_appointment(user, appointment_id), by=user)
    return _appointment(appointment)


@router.post(
    "/mine/{int:appointment_id}/check-in",
    auth=None,
    response=TicketOut,
    summary="自助签到取号 / check in at a kiosk",
)
def check_in(request: HttpRequest, appointment_id: Id):
    user = _citizen(request)
    return actions.check_in(my_appointment(user, appointment_id), by=user)


@router.get(
    "/staff/windows/{int:window_id}/board",
    auth=staff_or_token_auth(),
    response=BoardOut,
    summary="窗口今日看板 / a window's day board",
)
def staff_board(request: HttpRequest, window_id: Id):
    window = staff_window(request.auth, window_id)
    return {"window_id": window.pk, **board(window)}


@router.post(
    "/staff/windows/{int:window_id}/tickets",
    auth=staff_or_token_auth(),
    response={201: TicketOut},
    summary="现场取号 / a walk-in ticket",
)
def staff_take(request: HttpRequest, window_id: Id):
    return Status(201, actions.take_ticket(staff_window(request.auth, window_id), by=request.auth))


@router.post(
    "/staff/windows/{int:window_id}/call",
    auth=staff_or_token_auth(),
    response=TicketOut,
    summary="叫下一个号 / call the next ticket",
)
def staff_call(request: HttpRequest, window_id: Id):
    return actions.call_next(staff_window(request.auth, window_id), by=request.auth)


@router.post(
    "/staff/tickets/{int:ticket_id}/finish",
    auth=staff_or_token_auth(),
    response=TicketOut,
    summary="办理完毕 / finish a ticket",
)
def staff_finish(request: HttpRequest, ticket_id: Id):
    return actions.finish_ticket(staff_ticket(request.auth, ticket_id), by=request.auth)
