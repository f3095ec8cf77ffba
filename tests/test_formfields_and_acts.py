"""The kernel's form kit: PastDateField and perform() (the one way to POST an act)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from sunlight.acts import form_errors_text, perform
from sunlight.errors import Conflict
from sunlight.formfields import PastDateField


class _DayForm(forms.Form):
    on = PastDateField(label="收到日期")


def _post(data=None, method="post"):
    request = getattr(RequestFactory(), method)("/x", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_past_date_field_takes_today_and_refuses_tomorrow():
    today = timezone.localdate()
    assert _DayForm({"on": today.isoformat()}).is_valid()
    form = _DayForm({"on": (today + timedelta(days=1)).isoformat()})
    assert not form.is_valid() and form.errors["on"] == ["日期不能晚于今天。"]
    assert form_errors_text(form) == "收到日期：日期不能晚于今天。"


def test_performing_an_act_redirects_with_its_message():
    request = _post({"on": timezone.localdate().isoformat()})
    seen = {}
    response = perform(
        request,
        lambda data: seen.update(data) or "已登记。",
        form=_DayForm(request.POST),
        done="/done",
        refused=lambda exc: HttpResponse(status=exc.status),
    )
    assert response.status_code == 302 and response["Location"] == "/done"
    assert seen["on"] == timezone.localdate() and [str(m) for m in get_messages(request)] == ["已登记。"]


@pytest.mark.parametrize("data", [{}, {"on": "2999-01-01"}])
def test_an_invalid_form_is_refused_in_place_and_the_act_never_runs(data):
    request = _post(data)
    ran = []
    response = perform(
        request,
        lambda data: ran.append(data),
        form=_DayForm(request.POST),
        done="/done",
        refused=lambda exc: HttpResponse(exc.message, status=exc.status),
    )
    assert response.status_code == 400 and ran == [] and response.content.decode().startswith("收到日期：")


def test_a_refusal_from_the_action_keeps_its_status_and_message():
    def act(data):
        raise Conflict("状态不允许。")

    request = _post()
    response = perform(request, act, done="/done", refused=lambda exc: HttpResponse(exc.message, status=exc.status))
    assert response.status_code == 409 and [str(m) for m in get_messages(request)] == ["状态不允许。"]


def test_a_get_is_sent_back_without_acting():
    ran = []
    response = perform(_post(method="get"), lambda d: ran.append(d), done="/done", refused=lambda e: HttpResponse())
    assert response.status_code == 302 and ran == []
