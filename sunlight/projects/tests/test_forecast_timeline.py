"""The project timeline (actual against limit, critical path, days lost), the city's distribution and the forecast."""

from __future__ import annotations

from sunlight.cases import actions as case_actions
from sunlight.cases.days import acting_on
from sunlight.clock.calendar import get_calendar
from sunlight.projects.forecast import project_forecast, refresh_durations
from sunlight.projects.models import DurationStat
from sunlight.projects.presets import PRESETS
from sunlight.projects.timeline import distribution, distribution_chart, project_timeline


def test_the_presets_ship_the_national_four_and_xinyu_five_stages_with_their_targets():
    assert [s.name for s in PRESETS["national4"].stages] == ["立项用地规划许可", "工程建设许可", "施工许可", "竣工验收"]
    assert len(PRESETS["xinyu5"].stages) == 5
    assert sum(s.limit_days for s in PRESETS["xinyu5"].stages) == 36
    assert sum(s.limit_days for s in PRESETS["national4"].stages) <= PRESETS["national4"].target_days == 120


def test_the_department_that_decides_last_is_on_the_critical_path(works):
    project = works.at_permit()
    application = works.accepted(project)
    cal = get_calendar()
    cases = {link.case.org_id: link.case for link in application.children.select_related("case")}
    with acting_on(cal.add(application.accepted_on, 1, "working")):
        works.decide(cases[works.depts["build"].pk])
        works.decide(cases[works.depts["dev"].pk])
    with acting_on(cal.add(application.accepted_on, 4, "working")):
        works.decide(cases[works.depts["land"].pk])
    timeline = project_timeline(project)
    permit = timeline.stages[-1]
    critical = [bar for bar in permit.children if bar.critical]
    assert [bar.number for bar in critical] == [cases[works.depts["land"].pk].number]
    assert all(stage.bar.critical for stage in timeline.stages)


def test_days_lost_to_a_correction_are_counted_on_the_case_that_waited(works):
    project = works.at_permit()
    application = works.accepted(project)
    land = application.children.get(case__org=works.depts["land"]).case
    cal = get_calendar()
    start = application.accepted_on
    with acting_on(cal.add(start, 1, "working")):
        case_actions.request_correction(land, by=works.handlers["land"], defects=["缺少总平面图"])
    from sunlight.cases.tests.builders import pdf

    with acting_on(cal.add(start, 4, "working")):
        case_actions.submit_correction(land, [case_actions.MaterialInput(0, upload=pdf())], by=works.owner)
    timeline = project_timeline(project)
    bar = next(b for b in timeline.stages[-1].children if b.number == land.number)
    assert bar.correction_days == 3 and bar.special_days == 0
    assert timeline.stages[-1].bar.correction_days == 3


def test_the_distribution_counts_completed_projects_by_type_with_the_reference_lines(works):
    project = works.at_permit()
    for stage in works.stages[2:]:
        works.delivered(project, stage)
    project.refresh_from_db()
    d = distribution(works.cast.city)
    social = next(t for t in d.types if t.project_type == "social")
    assert d.completed == 1 and social.count == 1 and social.median == project.total_days
    chart = distribution_chart(d)
    assert [line["bin"] for line in chart["lines"]] == [13, 3, 12]
    assert sum(sum(s["data"]) for s in chart["series"]) == 1


def test_the_forecast_uses_history_when_there_is_some_and_limits_when_there_is_none(works):
    project = works.at_permit()
    forecast = project_forecast(project)
    assert [s.status for s in forecast.stages] == ["done", "done", "waiting", "waiting"]
    assert forecast.stages[2].basis == "limit"
    waiting_end = forecast.stages[2].expected.median
    assert waiting_end == get_calendar().add(forecast.stages[1].expected.median, works.permit.limit_days, "working")
    # History: another project's permit stage decided in 2 working days, refreshed into the stats.
    other = works.at_permit(works.project(name="对照项目"))
    first = works.accepted(other)
    with acting_on(get_calendar().add(first.accepted_on, 2, "working")):
        works.decide_all(first)
    assert refresh_durations() >= 3
    assert DurationStat.objects.get(key=f"item:{works.items['build'].pk}").median == 2
    current = works.accepted(project)
    forecast = project_forecast(project)
    now = next(s for s in forecast.stages if s.status == "current")
    assert now.expected.median == get_calendar().add(current.accepted_on, 2 + 1, "working")
    assert forecast.expected is not None and forecast.expected.p90 >= forecast.expected.median
