"""Letters under supervision: the answering clock's light and the national 3-month rule (an alarm at 60 days, 督办
at 90), found by each act's evaluation and by the nightly sweep."""

from datetime import date, timedelta

import pytest

from sunlight.cases.days import acting_on
from sunlight.letters import actions
from sunlight.letters.tests.builders import Post
from sunlight.supervision import engine
from sunlight.supervision.models import Alert, Kind, Light, Watch

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def post(cast, spring_2026, seeded_tables):
    from sunlight.supervision.seed import seed_rules

    seed_rules()
    return Post(cast)


def _alerts(letter, code):
    return Alert.objects.filter(kind=Kind.LETTER, object_id=letter.pk, code=code)


def test_an_act_on_a_letter_keeps_its_watch_with_the_answering_deadline_and_the_3_month_lines(post):
    letter = post.assigned()
    w = Watch.objects.get(kind=Kind.LETTER, object_id=letter.pk)
    assert w.open and w.phase == "handle" and w.due_on == letter.due_on
    assert w.step_due_on == letter.received_on + timedelta(days=60)
    assert w.legal_due_on == letter.received_on + timedelta(days=90)
    assert w.org_id == post.bureau.pk
    actions.reply_letter(letter, by=post.handler, reply="已处理。")
    w.refresh_from_db()
    assert not w.open and w.on_time is True


def test_a_letter_unanswered_after_60_days_raises_a_red_card_and_after_90_an_urge(post):
    with acting_on(date(2026, 3, 2)):
        letter = post.assigned()
    out = engine.sweep(today=date(2026, 5, 5))
    assert out["letter_unanswered_alarm"] == 1 and out["letter_overdue"] == 1
    alarm = _alerts(letter, "letter_unanswered_alarm").get()
    assert alarm.severity == "red_card" and alarm.org_id == post.bureau.pk
    assert not _alerts(letter, "letter_unanswered_limit").exists()
    assert Watch.objects.get(kind=Kind.LETTER, object_id=letter.pk).light == Light.RED
    engine.sweep(today=date(2026, 6, 1))
    assert _alerts(letter, "letter_unanswered_limit").get().severity == "urge"
    assert engine.sweep(today=date(2026, 6, 2))["letter_unanswered_alarm"] == 0  # never twice


def test_a_letter_answered_in_time_raises_nothing(post):
    with acting_on(date(2026, 3, 2)):
        letter = post.assigned()
    with acting_on(date(2026, 3, 4)):
        actions.reply_letter(letter, by=post.handler, reply="已处理。")
    engine.sweep(today=date(2026, 6, 10))
    assert not Alert.objects.filter(kind=Kind.LETTER, object_id=letter.pk).exists()


def test_the_city_supervisor_sees_the_alarm_on_the_dashboard_list(post, cast, client):
    with acting_on(date(2026, 3, 2)):
        letter = post.assigned()
    engine.sweep(today=date(2026, 5, 5))
    client.force_login(cast.supervisor)
    page = client.get("/workbench/supervision/alerts/?status=all")
    assert page.status_code == 200
    assert letter.number in page.content.decode()
