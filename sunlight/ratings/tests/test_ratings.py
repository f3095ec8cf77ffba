from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Notice, Todo
from sunlight.orgs.models import Role

from .. import actions, indicators
from ..models import Appeal, Rating, Rectification
from . import builders

# --- rating a case -------------------------------------------------------------------------------------------------


def test_the_applicant_rates_a_delivered_case_at_completion_and_the_public_rates_count_it(hall):
    rating = builders.rated(hall.delivered(), 5, comment="很快")
    assert rating.org == hall.market and rating.item == hall.item and rating.channel == Rating.Channel.ONLINE
    assert set(rating.aspects) == {"efficiency", "guide_accuracy", "convenience", "usability"}
    assert not Rectification.objects.exists()
    row = indicators.by_org()[0]
    assert (row.ratings, row.satisfied, row.bad, str(row.satisfaction_rate)) == (1, 1, 0, "100.0")
    assert indicators.by_item()[0].name == hall.item.name
    event = Event.objects.get(verb="ratings.rate")
    assert event.actor_id is None and event.actor_label == "评价人"


def test_an_accepted_case_can_be_rated_at_acceptance_but_not_yet_at_completion(hall):
    case = hall.accepted()
    builders.rated(case, 4, stage=Rating.Stage.ACCEPTANCE)
    with pytest.raises(SunlightError) as exc:
        builders.rated(case, 4, stage=Rating.Stage.COMPLETION)
    assert exc.value.status == 409
    assert Rating.objects.count() == 1


def test_a_case_not_yet_accepted_cannot_be_rated(hall):
    case = hall.submitted()
    with pytest.raises(SunlightError):
        builders.rated(case, 5, stage=Rating.Stage.ACCEPTANCE)
    assert not Rating.objects.exists()


def test_someone_else_than_the_applicant_is_refused_and_nothing_is_written(hall):
    case = hall.delivered()
    for who in (hall.cast.citizen, hall.cast.clerk, hall.approver):
        with pytest.raises(PermissionDenied):
            actions.rate_case(case, by=who, stage="completion", level=5, aspects=builders.aspects(case))
    assert not Rating.objects.exists()


def test_rating_twice_at_the_same_stage_is_refused(hall):
    case = hall.delivered()
    builders.rated(case, 5)
    with pytest.raises(SunlightError) as exc:
        builders.rated(case, 1)
    assert exc.value.status == 409
    assert Rating.objects.count() == 1 and not Rectification.objects.exists()


@pytest.mark.parametrize(
    "level, aspects",
    [
        (0, None),
        (6, None),
        (True, None),
        (5, {"efficiency": 5}),
        (5, {"efficiency": 5, "guide_accuracy": 5, "convenience": 5, "usability": 9}),
        (5, {"service_efficiency": 5, "service_level": 5, "service_attitude": 5}),
    ],
)
def test_a_bad_level_or_bad_aspects_are_refused_and_nothing_is_written(hall, level, aspects):
    case = hall.delivered()
    with pytest.raises(SunlightError) as exc:
        actions.rate_case(
            case, by=hall.company, stage="completion", level=level, aspects=aspects or builders.aspects(case)
        )
    assert exc.value.status == 400
    assert not Rating.objects.exists()


def test_a_bad_stage_is_refused(hall):
    case = hall.delivered()
    with pytest.raises(SunlightError):
        actions.rate_case(case, by=hall.company, stage="visit", level=5, aspects=builders.aspects(case))
    assert not Rating.objects.exists()


# --- a window visit ------------------------------------------------------------------------------------------------


def served_visit(hall, user, status=None, days_ago=1):
    """An appointment of `user` at the cast's window that was served (or in another state)."""
    from sunlight.hall.models import Appointment
    from sunlight.hall.tests.builders import past_booking, past_slot

    the_slot = past_slot(hall.cast.window, days_ago=days_ago)
    return past_booking(the_slot, user, status=status or Appointment.Status.SERVED)


def test_a_window_visit_is_rated_once_on_the_in_person_aspects(hall):
    aspects = {"service_efficiency": 5, "service_level": 4, "service_attitude": 5}
    ref = f"hall-appointment:{served_visit(hall, hall.cast.citizen).pk}"
    rating = actions.rate_visit(hall.cast.window, ref, by=hall.cast.citizen, level=4, aspects=aspects)
    assert rating.org == hall.cast.east_center and rating.channel == Rating.Channel.IN_PERSON
    with pytest.raises(SunlightError) as exc:
        actions.rate_visit(hall.cast.window, ref, by=hall.cast.citizen, level=1, aspects=aspects)
    assert exc.value.status == 409
    with pytest.raises(SunlightError):
        actions.rate_visit(hall.cast.window, "no reference", by=hall.cast.citizen, level=4, aspects=aspects)
    with pytest.raises(PermissionDenied):
        actions.rate_visit(hall.cast.window, ref, by=hall.cast.clerk, level=4, aspects=aspects)
    assert Rating.objects.count() == 1


def test_only_the_booker_of_a_served_appointment_at_that_window_may_rate_the_visit(hall):
    from sunlight.hall.models import Appointment

    aspects = {"service_efficiency": 5, "service_level": 5, "service_attitude": 5}
    other = hall.company
    not_served = served_visit(hall, hall.cast.citizen, Appointment.Status.NO_SHOW, days_ago=1)
    someone_elses = served_visit(hall, other, days_ago=2)
    for ref in (f"hall-appointment:{not_served.pk}", f"hall-appointment:{someone_elses.pk}", "hall-appointment:999999"):
        with pytest.raises(PermissionDenied):
            actions.rate_visit(hall.cast.window, ref, by=hall.cast.citizen, level=5, aspects=aspects)
    assert not Rating.objects.exists()
    actions.rate_visit(hall.cast.window, f"hall-appointment:{someone_elses.pk}", by=other, level=5, aspects=aspects)


# --- a 差评 and its rectification ----------------------------------------------------------------------------------


def test_a_bad_rating_opens_a_rectification_for_the_heads_due_in_five_working_days(hall, settings):
    rating = builders.bad_rating(hall, 2)
    rect = rating.rectification
    assert rect.org == hall.market and rect.status == Rectification.Status.OPEN
    assert rect.opened_on == date(2026, 6, 15)
    # 2026-06-19 is the Dragon Boat Festival: five working days from Monday the 15th end on Tuesday the 23rd.
    assert rect.due_on == date(2026, 6, 23)
    todos = Todo.objects.filter(key=rect.todo_key, done_at__isnull=True)
    assert set(todos.values_list("user__username", flat=True)) == {"approver"}
    assert todos.first().due == rect.due_on


def test_the_rectification_deadline_is_a_setting(hall, settings):
    settings.RATINGS_RECTIFY_DAYS = 10
    rect = builders.bad_rating(hall).rectification
    assert rect.due_on == date(2026, 6, 30)


def test_call_back_rectify_and_report_and_the_rater_is_told(hall):
    rect = builders.reported(hall)
    assert rect.status == Rectification.Status.REPORTED and rect.callback_by == hall.approver
    notices = Notice.objects.filter(user=hall.company)
    assert set(notices.values_list("channel", flat=True)) == {"inapp", "email", "sms"}
    assert "已整改" in notices.first().body
    assert not Todo.objects.filter(key=rect.todo_key, done_at__isnull=True).exists()
    assert indicators.by_org()[0].rectification_rate == 100
    assert {"ratings.callback", "ratings.rectify", "ratings.report"} <= set(
        Event.objects.values_list("verb", flat=True)
    )


def test_the_steps_of_a_rectification_go_in_order(hall):
    rect = builders.bad_rating(hall).rectification
    with pytest.raises(SunlightError):
        actions.record_rectification(rect, by=hall.approver, measures="x")
    with pytest.raises(SunlightError):
        actions.report_result(rect, by=hall.approver, text="x")
    with pytest.raises(SunlightError):
        actions.record_callback(rect, by=hall.approver, note="  ")
    rect.refresh_from_db()
    assert rect.status == Rectification.Status.OPEN and not rect.callback_note


def test_only_the_org_heads_act_on_a_rectification(hall):
    rect = builders.bad_rating(hall).rectification
    for who in (hall.handler, hall.cast.clerk, hall.cast.outsider, hall.cast.supervisor, hall.company):
        with pytest.raises(PermissionDenied):
            actions.record_callback(rect, by=who, note="回访")
    actions.record_callback(rect, by=hall.cast.admin, note="回访")  # an admin above may


def test_a_rectified_rating_counts_in_the_rectification_rate_and_an_open_one_does_not(hall):
    builders.rectified(hall)
    builders.bad_rating(hall, 2)
    row = indicators.by_org()[0]
    assert (row.bad, row.rectified, str(row.rectification_rate)) == (2, 1, "50.0")


# --- appeals -------------------------------------------------------------------------------------------------------


def test_an_upheld_appeal_excludes_the_rating_from_the_indicators(hall):
    builders.rated(hall.delivered(), 5)
    rating = builders.bad_rating(hall)
    appeal = actions.appeal_rating(rating, by=hall.handler, reason="与本办件无关。")
    with pytest.raises(SunlightError):
        actions.appeal_rating(rating, by=hall.approver, reason="再次申诉")
    assert str(indicators.by_org()[0].satisfaction_rate) == "50.0"
    assert Todo.objects.get(key=f"ratings:appeal:{appeal.pk}", done_at__isnull=True).user == hall.cast.supervisor
    actions.review_appeal(appeal, by=hall.cast.supervisor, upheld=True, note="经核实属误评。")
    assert not Todo.objects.filter(key=f"ratings:appeal:{appeal.pk}", done_at__isnull=True).exists()
    rating.refresh_from_db()
    assert rating.excluded
    row = indicators.by_org()[0]
    assert (row.ratings, row.bad, str(row.satisfaction_rate), row.rectification_rate) == (1, 0, "100.0", None)
    assert not Todo.objects.filter(key=rating.rectification.todo_key, done_at__isnull=True).exists()


def test_a_rejected_appeal_keeps_the_rating(hall):
    rating = builders.bad_rating(hall)
    appeal = actions.appeal_rating(rating, by=hall.handler, reason="恶意评价。")
    actions.review_appeal(appeal, by=hall.cast.supervisor, upheld=False, note="评价属实。")
    rating.refresh_from_db()
    assert not rating.excluded and Appeal.objects.get().status == Appeal.Status.REJECTED


def test_only_a_supervisor_above_who_did_not_appeal_reviews(hall):
    rating = builders.bad_rating(hall)
    with pytest.raises(PermissionDenied):
        actions.appeal_rating(rating, by=hall.cast.outsider, reason="x")
    west_supervisor = hall.cast.add_staff("westsup", hall.cast.west, Role.SUPERVISOR)
    appeal = actions.appeal_rating(rating, by=hall.handler, reason="恶意评价。")
    for who in (hall.approver, hall.cast.outsider, west_supervisor, hall.company):
        with pytest.raises(PermissionDenied):
            actions.review_appeal(appeal, by=who, upheld=True, note="x")
    own = hall.cast.add_staff("marketsup", hall.market, Role.SUPERVISOR)
    own_appeal_rating = builders.bad_rating(hall)
    from sunlight.orgs.models import Membership

    Membership.objects.create(user=own, org=hall.market, role=Role.HANDLER)
    own_appeal = actions.appeal_rating(own_appeal_rating, by=own, reason="误评")
    with pytest.raises(PermissionDenied):
        actions.review_appeal(own_appeal, by=own, upheld=True, note="x")
    assert Appeal.objects.filter(status=Appeal.Status.PENDING).count() == 2


# --- the doors -----------------------------------------------------------------------------------------------------


def _post_rating(client, case, level="5", **extra):
    data = {"stage": "completion", "level": level, "comment": "好"}
    data.update({f"aspect_{k}": level for k in builders.aspects(case)})
    data.update(extra)
    return client.post(reverse("ratings:case", args=[case.number]), data)


def test_the_applicant_rates_on_the_case_page_and_is_redirected(hall, client):
    case = hall.delivered()
    client.force_login(hall.company)
    page = client.get(reverse("ratings:case", args=[case.number]))
    assert page.status_code == 200 and "<fieldset" in page.content.decode() and "非常满意" in page.content.decode()
    response = _post_rating(client, case)
    assert response.status_code == 302 and Rating.objects.get().level == 5
    again = _post_rating(client, case)
    assert again.status_code == 400 and Rating.objects.count() == 1


def test_a_missing_aspect_shows_the_error_summary_and_writes_nothing(hall, client):
    case = hall.delivered()
    client.force_login(hall.company)
    response = _post_rating(client, case, aspect_usability="")
    assert response.status_code == 400 and "平台操作性" in response.content.decode()
    assert not Rating.objects.exists()


def test_another_persons_case_page_is_a_404_and_anonymous_is_sent_to_sign_in(hall, client):
    case = hall.delivered()
    assert client.get(reverse("ratings:case", args=[case.number])).status_code == 302
    client.force_login(hall.cast.citizen)
    assert client.get(reverse("ratings:case", args=[case.number])).status_code == 404
    assert _post_rating(client, case).status_code == 404
    assert not Rating.objects.exists()


def test_the_public_page_shows_the_rates_in_accessible_tables(hall, client):
    builders.rated(hall.delivered(), 5)
    builders.reported(hall)
    html = client.get(reverse("ratings:index")).content.decode()
    assert "<caption>" in html and 'scope="row"' in html and hall.market.name in html and "50.0%" in html
    api = client.get("/api/v1/ratings/").json()
    assert api["orgs"][0]["ratings"] == 2 and api["items"][0]["name"] == hall.item.name


def test_the_applicant_rates_through_the_api(hall, client):
    case = hall.delivered()
    client.force_login(hall.company)
    body = {"stage": "completion", "level": 2, "aspects": builders.aspects(case, 2), "comment": "慢"}
    url = f"/api/v1/ratings/cases/{case.number}"
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201 and response.json()["level"] == 2
    assert client.post(url, body, content_type="application/json").status_code == 409
    client.force_login(hall.cast.citizen)
    assert client.post(url, body, content_type="application/json").status_code == 404


def _staff_pages(rating, rect, appeal):
    return [
        reverse("ratings_wb:list"),
        reverse("ratings_wb:rating", args=[rating.pk]),
        reverse("ratings_wb:rectifications"),
        reverse("ratings_wb:rectification", args=[rect.pk]),
        reverse("ratings_wb:appeals"),
        reverse("ratings_wb:appeal", args=[appeal.pk]),
    ]


def test_the_rater_is_never_named_on_any_staff_page_or_staff_api_response(hall, client):
    rect = builders.reported(hall)
    rating = rect.rating
    appeal = actions.appeal_rating(rating, by=hall.handler, reason="误评")
    rated = Event.objects.filter(verb="ratings.rate").get()
    assert rated.actor_id is None and rated.object_type == "ratings.rating" and "case" not in rated.data
    secrets = ("company", "青溪味道餐饮有限公司", "13800000001", "food@example.com")
    api = [
        "/api/v1/ratings/staff",
        f"/api/v1/ratings/staff/{rating.pk}",
        "/api/v1/ratings/staff/rectifications",
        "/api/v1/events/?verb=ratings.",
    ]
    for who in (hall.cast.clerk, hall.handler, hall.approver, hall.cast.supervisor):
        client.force_login(who)
        for url in [*_staff_pages(rating, rect, appeal), *api]:
            response = client.get(url)
            assert response.status_code in (200, 404), (who, url)
            body = response.content.decode()
            for secret in secrets:
                assert secret not in body, (who, url, secret)


def test_outsiders_citizens_and_anonymous_are_refused_on_every_staff_page_and_endpoint(hall, client):
    rect = builders.called_back(hall)
    rating = rect.rating
    appeal = actions.appeal_rating(rating, by=hall.handler, reason="误评")
    pages = _staff_pages(rating, rect, appeal)
    posts = [
        (reverse("ratings_wb:appeal_rating", args=[rating.pk]), {"reason": "x"}),
        (reverse("ratings_wb:rectify", args=[rect.pk]), {"measures": "x"}),
        (reverse("ratings_wb:review", args=[appeal.pk]), {"upheld": "1", "note": "x"}),
    ]
    api_posts = [
        (f"/api/v1/ratings/staff/rectifications/{rect.pk}/rectify", {"text": "x"}),
        (f"/api/v1/ratings/staff/{rating.pk}/appeal", {"reason": "x"}),
        (f"/api/v1/ratings/staff/appeals/{appeal.pk}/review", {"upheld": True, "note": "x"}),
    ]
    for url in pages:
        assert client.get(url).status_code == 302
    for url, data in api_posts:
        assert client.post(url, data, content_type="application/json").status_code in (401, 403)
    client.force_login(hall.cast.citizen)
    for url in pages:
        assert client.get(url).status_code == 403
    for url, data in posts:
        assert client.post(url, data).status_code == 403
    for url, data in api_posts:
        assert client.post(url, data, content_type="application/json").status_code == 403
    assert client.get("/api/v1/ratings/staff").status_code == 403
    client.force_login(hall.cast.outsider)
    for url in pages[1:2] + pages[3:4] + pages[5:]:
        assert client.get(url).status_code == 404
    for url, data in posts:
        assert client.post(url, data).status_code == 404
    for url, data in api_posts:
        assert client.post(url, data, content_type="application/json").status_code == 404
    assert client.get("/api/v1/ratings/staff").json() == []
    rect.refresh_from_db()
    assert rect.status == Rectification.Status.CALLED_BACK and Appeal.objects.get().status == Appeal.Status.PENDING


def test_counter_staff_do_not_see_rectifications_and_cannot_act_on_them(hall, client):
    rect = builders.called_back(hall)
    client.force_login(hall.handler)
    assert client.get(reverse("ratings_wb:rectification", args=[rect.pk])).status_code == 404
    assert client.get(reverse("ratings_wb:rating", args=[rect.rating_id])).status_code == 200
    assert rect.rating.case.center == hall.cast.east_center
    client.force_login(hall.cast.clerk)  # the counter that received the case sees its rating, not the rectification
    assert client.get(reverse("ratings_wb:rating", args=[rect.rating_id])).status_code == 200
    assert client.get(reverse("ratings_wb:rectification", args=[rect.pk])).status_code == 404


def test_the_heads_walk_the_rectification_in_the_workbench(hall, client):
    rect = builders.bad_rating(hall).rectification
    client.force_login(hall.approver)
    url = reverse("ratings_wb:rectification", args=[rect.pk])
    assert "回访情况" in client.get(url).content.decode()
    bad = client.post(reverse("ratings_wb:rectify", args=[rect.pk]), {"measures": "x"})
    assert bad.status_code == 409
    for name, data in (
        ("callback", {"note": "已回访"}),
        ("rectify", {"measures": "已整改"}),
        ("report", {"text": "已反馈"}),
    ):
        assert client.post(reverse(f"ratings_wb:{name}", args=[rect.pk]), data).status_code == 302
    rect.refresh_from_db()
    assert rect.status == Rectification.Status.REPORTED


def test_a_supervisor_reviews_an_appeal_in_the_workbench_and_through_the_api(hall, client):
    first = actions.appeal_rating(builders.bad_rating(hall), by=hall.handler, reason="误评")
    second = actions.appeal_rating(builders.bad_rating(hall), by=hall.handler, reason="误评")
    client.force_login(hall.cast.supervisor)
    assert "复核结论" in client.get(reverse("ratings_wb:appeal", args=[first.pk])).content.decode()
    response = client.post(reverse("ratings_wb:review", args=[first.pk]), {"upheld": "1", "note": "属误评"})
    assert response.status_code == 302
    api = client.post(
        f"/api/v1/ratings/staff/appeals/{second.pk}/review",
        {"upheld": False, "note": "属实"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["status"] == "rejected"
    assert indicators.by_org()[0].ratings == 1


def test_the_demo_rates_delivered_cases(hall):
    from ..demo import build_ratings

    for _ in range(13):
        hall.delivered()
    assert build_ratings(40) == 13
    assert build_ratings(40) == 0
    assert Rectification.objects.filter(status=Rectification.Status.REPORTED).count() == 1
    assert Appeal.objects.count() == 1


def test_the_booker_rates_a_served_visit_on_its_page_once_and_no_one_else_sees_it(client, hall):
    from django.urls import reverse

    visit = served_visit(hall, hall.cast.citizen)
    url = reverse("ratings:visit", args=[visit.pk])
    client.force_login(hall.company)
    assert client.get(url).status_code == 404  # someone else's visit
    client.force_login(hall.cast.citizen)
    assert reverse("ratings:visit", args=[visit.pk]) in client.get(reverse("hall:mine")).content.decode()
    answers = {
        "level": "2",
        "aspect_service_efficiency": "2",
        "aspect_service_level": "3",
        "aspect_service_attitude": "1",
    }
    refused = client.post(url, {**answers, "level": "9", "stage": "visit"})
    assert refused.status_code == 400 and not Rating.objects.exists()
    done = client.post(url, {**answers, "stage": "visit", "comment": "等了很久才叫号。"})
    assert done.status_code == 302
    rating = Rating.objects.get()
    assert rating.visit_ref == f"hall-appointment:{visit.pk}" and rating.rectification is not None
    assert "等了很久才叫号" in client.get(url).content.decode()
    again = client.post(url, {**answers, "stage": "visit", "comment": "再评一次"})
    assert again.status_code == 409 and Rating.objects.count() == 1
