"""manage.py calendar and the admin pages, both of which go through actions.set_workday."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sunlight.clock.models import WorkDay
from sunlight.events.models import Event

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("calendar", *args, stdout=out)
    return out.getvalue()


def test_status_lists_each_loaded_year():
    text = run("status")
    assert "2025  2025-01-01 至 2025-12-31   365" in text
    assert "可计算范围 / loaded: 2004-01-01 至 2026-12-31" in text


def test_seed_is_idempotent_and_skips_unknown_years():
    text = run("seed", "--years", "2025", "2027")
    assert "已写入 0 天" in text
    assert "chinesecalendar 没有 2027 年的数据" in text
    assert Event.objects.filter(verb="calendar.seed").exists()


def test_set_changes_a_day_as_the_named_admin(calendar_admin):
    run("set", "2025-10-11", "--holiday", "--note", "测试", "--by", "calendar-admin")
    row = WorkDay.objects.get(date=date(2025, 10, 11))
    assert not row.is_workday and row.updated_by == calendar_admin


def test_set_by_an_outsider_is_refused(outsider):
    with pytest.raises(CommandError, match="只有系统管理员"):
        run("set", "2025-10-11", "--holiday", "--by", "calendar-outsider")


def test_load_weekends_needs_an_explicit_confirmation(superuser):
    with pytest.raises(CommandError, match="--confirm"):
        run("load-weekends", "2027", "--by", "calendar-root")
    assert not WorkDay.objects.filter(date__year=2027).exists()
    assert "已预计载入 2027 年 365 天" in run("load-weekends", "2027", "--confirm", "--by", "calendar-root")
    assert "含预计数据" in run("status")


def test_the_official_notice_is_entered_from_a_file_and_replaces_the_estimate(superuser, tmp_path):
    run("load-estimate", "2027", "--confirm", "--by", "calendar-root")
    notice = tmp_path / "2027.txt"
    notice.write_text("2027-01-01~2027-01-03 元旦\n2027-02-05~2027-02-13 春节\n2027-02-20 上班\n", encoding="utf-8")
    out = run("notice", "2027", "--file", str(notice), "--document", "国办发明电〔2026〕X号", "--by", "calendar-root")
    assert "已录入 2027 年放假安排" in out
    assert not WorkDay.objects.filter(date__year=2027).exclude(source=WorkDay.Source.OFFICIAL).exists()
    notice.write_text("2027-01-01 元旦\n2027-13-01 春节\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 2 行"):
        run("notice", "2027", "--file", str(notice), "--by", "calendar-root")


def test_the_admin_saves_through_the_action_and_records_an_event(client, superuser):
    client.force_login(superuser)
    row = WorkDay.objects.get(date=date(2025, 10, 11))
    response = client.post(f"/admin/clock/workday/{row.pk}/change/", {"is_workday": "", "note": "后台改为休息日"})
    assert response.status_code == 302, response.content[:2000]
    row.refresh_from_db()
    assert (row.is_workday, row.source, row.updated_by) == (False, "manual", superuser)
    assert Event.objects.filter(verb="calendar.set_workday", actor=superuser).exists()


def test_the_admin_adds_a_day_of_an_unloaded_year(client, superuser):
    client.force_login(superuser)
    response = client.post("/admin/clock/workday/add/", {"date": "2027-02-06", "is_workday": "on", "note": "调休上班"})
    assert response.status_code == 302
    assert WorkDay.objects.get(date=date(2027, 2, 6)).source == "manual"


def test_the_admin_action_marks_days_through_the_action(client, superuser):
    client.force_login(superuser)
    ids = list(WorkDay.objects.filter(date__in=[date(2025, 10, 1), date(2025, 10, 2)]).values_list("pk", flat=True))
    response = client.post("/admin/clock/workday/", {"action": "mark_workday", "_selected_action": ids})
    assert response.status_code == 302
    assert all(WorkDay.objects.filter(pk__in=ids).values_list("is_workday", flat=True))
    assert Event.objects.filter(verb="calendar.set_workday").count() == 2


def test_the_admin_never_deletes_a_day(client, superuser):
    client.force_login(superuser)
    row = WorkDay.objects.get(date=date(2025, 10, 11))
    assert client.get(f"/admin/clock/workday/{row.pk}/delete/").status_code in (302, 403)
    assert WorkDay.objects.filter(pk=row.pk).exists()


def test_the_admin_list_filters_by_year(client, superuser):
    client.force_login(superuser)
    response = client.get(
        "/admin/clock/workday/", {"year": "2025", "is_workday__exact": "0", "source__exact": "chinesecalendar"}
    )
    assert response.status_code == 200
    assert "2025 年" in response.content.decode()


def test_a_staff_member_without_an_admin_role_cannot_edit_in_the_admin(client, outsider):
    from django.contrib.auth.models import Permission

    outsider.is_staff = True
    outsider.save()
    outsider.user_permissions.set(
        Permission.objects.filter(content_type__app_label="clock", codename__endswith="workday")
    )
    client.force_login(outsider)
    row = WorkDay.objects.get(date=date(2025, 10, 11))
    response = client.post(f"/admin/clock/workday/{row.pk}/change/", {"is_workday": "", "note": "x"})
    assert response.status_code == 403
    assert WorkDay.objects.get(pk=row.pk).is_workday
