"""Notices to people: written with the act, delivered after it commits, retried by the worker when a channel fails."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from sunlight.notify.models import Notice
from sunlight.notify.notices import MAX_ATTEMPTS, deliver_pending, mark_notices_read, send_notice, unread
from sunlight.notify.tasks import deliver_pending_notices


class Flaky:
    """A gateway that is down until the test brings it up."""

    name = "flaky"
    up = False

    def deliver(self, notice):
        if not Flaky.up:
            raise ConnectionError("gateway down")


@pytest.fixture
def channels(settings):
    settings.NOTIFY_CHANNELS = {**settings.NOTIFY_CHANNELS, "flaky": f"{__name__}.Flaky"}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Flaky.up = False
    return settings


def test_an_in_app_notice_is_delivered_when_the_act_commits(cast, django_capture_on_commit_callbacks, channels):
    with django_capture_on_commit_callbacks(execute=True):
        send_notice(cast.clerk, "您的申请已答复", "请查看答复书。", url="/requests/mine")
    assert [n.subject for n in unread(cast.clerk)] == ["您的申请已答复"]
    assert mark_notices_read(cast.clerk) == 1 and not unread(cast.clerk).exists()
    assert mark_notices_read(cast.colleague) == 0


def test_an_act_that_rolls_back_sends_nothing(cast, django_capture_on_commit_callbacks, channels):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            send_notice(cast.clerk, "不会送达", channels=("inapp", "email"))
            raise RuntimeError("the act is refused after writing")
    assert not Notice.objects.exists() and callbacks == [] and mail.outbox == []


def test_an_email_goes_to_the_persons_address_and_one_without_an_address_is_not_retried(
    cast, django_capture_on_commit_callbacks, channels
):
    cast.clerk.email = "clerk@yunchuan.example"
    cast.clerk.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        send_notice(cast.clerk, "月报已生成", "2026-11", url="/monthly/", channels=("email",))
        send_notice(cast.colleague, "月报已生成", channels=("email",))
    assert [m.to for m in mail.outbox] == [["clerk@yunchuan.example"]] and "/monthly/" in mail.outbox[0].body
    no_address = Notice.objects.get(user=cast.colleague)
    assert no_address.sent_at is None and no_address.attempts == MAX_ATTEMPTS


def test_a_failed_delivery_is_retried_by_the_worker_until_the_channel_is_back(
    cast, django_capture_on_commit_callbacks, channels
):
    with django_capture_on_commit_callbacks(execute=True):
        send_notice(cast.clerk, "短信", channels=("flaky",))
    notice = Notice.objects.get()
    assert notice.sent_at is None and notice.attempts == 1 and "gateway down" in notice.last_error
    assert deliver_pending() == 0
    Flaky.up = True
    assert deliver_pending_notices.call_local() == 1
    notice.refresh_from_db()
    assert notice.sent_at is not None and notice.last_error == "" and deliver_pending() == 0


def test_a_channel_nobody_configured_is_refused_in_the_act(cast, channels):
    with pytest.raises(LookupError):
        send_notice(cast.clerk, "无此渠道", channels=("pigeon",))
    assert not Notice.objects.exists()


def test_the_worker_gives_up_after_the_last_attempt(cast, django_capture_on_commit_callbacks, channels):
    with django_capture_on_commit_callbacks(execute=True):
        send_notice(cast.clerk, "短信", channels=("flaky",))
    for _ in range(MAX_ATTEMPTS + 2):
        deliver_pending()
    assert Notice.objects.get().attempts == MAX_ATTEMPTS
