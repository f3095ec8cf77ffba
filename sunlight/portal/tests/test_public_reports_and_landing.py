"""Issue 9, item 13: the public annual reports page, the org page's columns, the request landing page, org lists in
tree order and a menu without dead ends."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.apps import apps

from sunlight.disclosure import actions as disclosure
from sunlight.disclosure.models import Genre, Topic
from sunlight.orgs import tree
from sunlight.orgs.codes import make_credit_code
from sunlight.orgs.models import Org, Role
from sunlight.reports.models import AnnualReport


@pytest.fixture
def city(cast):
    """The cast plus two city bureaus created after the districts (higher ids), one with a low sort order, a district
    bureau, and officers to publish with."""

    def org(name, parent, region, n, **extra):
        return Org.objects.create(
            name=name,
            kind=Org.Kind.DEPARTMENT,
            region=region,
            parent=parent,
            credit_code=make_credit_code("11", region.code, f"{n:08d}"),
            **extra,
        )

    cast.edu = org("青溪区教育局", cast.east, cast.east_region, 6)
    cast.finance = org("云川市财政局", cast.city, cast.city_region, 7)
    cast.office = org("云川市人民政府办公室", cast.city, cast.city_region, 8, sort_order=1)
    cast.officer = cast.add_staff("officer", cast.east, Role.DISCLOSURE_OFFICER)
    cast.reviewer = cast.add_staff("reviewer", cast.east, Role.REVIEWER)
    cast.city_officer = cast.add_staff("city_officer", cast.city, Role.DISCLOSURE_OFFICER)
    cast.city_reviewer = cast.add_staff("city_reviewer", cast.city, Role.REVIEWER)
    cast.west_officer = cast.add_staff("west_officer", cast.west, Role.DISCLOSURE_OFFICER)
    return cast


def _published(org, officer, reviewer, title, *, genre="report", topic=None):
    doc = disclosure.create_document(
        publisher=org,
        by=officer,
        title=title,
        created_on=date(2025, 1, 20),
        genre=Genre.objects.get(code=genre),
        body_html="<p>正文</p>",
        topic=topic,
    )
    disclosure.submit_document(doc, by=officer)
    disclosure.review_document(doc, by=reviewer, conclusion="approved", grounds="不涉密")
    return disclosure.publish_document(doc, by=officer)


def _report(org, year, officer, reviewer, *, scope="org", published=True):
    title = f"{org.name}{year}年政府信息公开工作年度报告{'（汇总）' if scope == 'subtree' else ''}"
    if published:
        doc = _published(org, officer, reviewer, title)
    else:
        doc = disclosure.create_document(
            publisher=org,
            by=officer,
            title=title,
            created_on=date(2025, 1, 20),
            genre=Genre.objects.get(code="report"),
            body_html="<p>草稿</p>",
        )
    return AnnualReport.objects.create(org=org, year=year, scope=scope, overview="概况", document=doc)


def _order(html: str, names: list[str]) -> list[str]:
    """The given names in the order they first appear in the page."""
    return sorted(names, key=lambda name: html.index(name))


TREE = ["云川市人民政府", "云川市人民政府办公室", "云川市财政局", "青溪区人民政府", "青溪区教育局", "云湖区人民政府"]


# --- org lists in tree order ------------------------------------------------------------------------


def test_orgs_are_ordered_depth_first_with_a_governments_own_departments_before_the_lower_governments(city):
    names = [o.name for o in tree.ordered(Org.objects.filter(kind__in=["government", "department"]))]
    assert names == TREE
    # A list without the parents keeps the tree's order too.
    assert [o.name for o in tree.ordered(Org.objects.filter(kind="department"))] == [
        "云川市人民政府办公室",
        "云川市财政局",
        "青溪区教育局",
    ]


def test_every_public_org_list_follows_the_tree(client, city, request_law_seeded):
    for url in ["/disclosure/orgs/", "/requests/new", "/requests/statistics", "/disclosure/search?q="]:
        html = client.get(url).content.decode()
        assert _order(html, TREE) == TREE, url


@pytest.fixture
def request_law_seeded(db):
    """The law tables (applicant types) the request form needs; a data migration loads them once per database."""
    from importlib import import_module

    from django.apps import apps

    import_module("sunlight.requests.migrations.0002_seed_law").seed(apps, None)


# --- the annual reports page ------------------------------------------------------------------------


def test_the_annual_reports_page_lists_published_reports_newest_first_with_the_consolidated_report_first(client, city):
    c = city
    _report(c.east, 2024, c.officer, c.reviewer)
    _report(c.east, 2025, c.officer, c.reviewer)
    _report(c.city, 2025, c.city_officer, c.city_reviewer, scope="org")
    _report(c.city, 2025, c.city_officer, c.city_reviewer, scope="subtree")
    _report(c.west, 2025, c.west_officer, None, published=False)  # a draft is not public
    response = client.get("/reports/")
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r">([^<>]*年政府信息公开工作年度报告[^<>]*)</a>", html)
    assert titles == [
        "云川市人民政府2025年政府信息公开工作年度报告（汇总）",
        "云川市人民政府2025年政府信息公开工作年度报告",
        "青溪区人民政府2025年政府信息公开工作年度报告",
        "青溪区人民政府2024年政府信息公开工作年度报告",
    ]
    assert "云湖区人民政府2025" not in html
    assert html.index("2025年度") < html.index("2024年度")

    # Per org: only that org's reports; an unknown or malformed org is a 404, never a 500.
    html = client.get(f"/reports/?org={c.east.pk}").content.decode()
    assert "青溪区人民政府2024年" in html and "云川市人民政府2025年" not in html
    assert client.get("/reports/?org=999999").status_code == 404
    assert client.get("/reports/?org=9223372036854775808").status_code == 404
    assert client.get("/reports/?org=abc").status_code == 404


def test_a_withdrawn_report_leaves_the_annual_reports_page(client, city):
    report = _report(city.east, 2025, city.officer, city.reviewer)
    assert "青溪区人民政府2025年" in client.get("/reports/").content.decode()
    disclosure.withdraw_document(report.document, by=city.officer, reason="数据有误")
    assert "青溪区人民政府2025年" not in client.get("/reports/").content.decode()


# --- menu, org page, landing ------------------------------------------------------------------------


def _menu(html: str) -> dict[str, str]:
    nav = html[html.index('class="main-nav"') :]
    nav = nav[: nav.index("</nav>")]
    return {label: href for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


def test_the_menu_reaches_annual_reports_and_the_request_landing_and_hides_modules_not_built(client, db):
    menu = _menu(client.get("/").content.decode())
    assert {"信息公开": "/disclosure/", "依申请公开": "/requests/", "年度报告": "/reports/"}.items() <= menu.items()
    home = client.get("/").content.decode()
    cards = home[home.index('class="card-grid"') :]
    cards = cards[: cards.index("</ul>")]
    for hidden in ["办事服务", "权力清单", "政民互动"]:
        assert hidden not in cards and hidden not in menu
    assert "电子监察" in cards  # built (issue 14)


def test_a_module_appears_when_its_app_declares_a_portal_entry_and_goes_when_it_is_removed(client, db):
    from django.core.cache import cache
    from django.test import modify_settings

    from sunlight.modules import PortalEntry

    reports = apps.get_app_config("reports")
    assert "年度报告" in _menu(client.get("/").content.decode())
    # An entry without a page of its own gets the placeholder page until the module names one.
    powers = PortalEntry("powers", "权力清单", "每项权力的依据、主体和流程，清单之外无权力。", order=50)
    original = reports.portal_entry
    reports.portal_entry = powers
    cache.clear()  # the home page is cached for anonymous visitors until public content changes
    try:
        assert "权力清单" in _menu(client.get("/").content.decode())
        assert client.get("/m/powers/").status_code == 200
    finally:
        reports.portal_entry = original
    assert client.get("/m/powers/").status_code == 404
    cache.clear()
    with modify_settings(INSTALLED_APPS={"remove": ["sunlight.reports"]}):
        assert "年度报告" not in _menu(client.get("/").content.decode())


def test_every_org_page_carries_the_columns_gov_cn_users_expect(client, city):
    c = city
    policy_topic = Topic.objects.get(code="0103")
    _published(c.east, c.officer, c.reviewer, "青溪区政务公开工作制度", genre="notice", topic=policy_topic)
    _report(c.east, 2025, c.officer, c.reviewer)
    html = client.get(f"/disclosure/orgs/{c.east.pk}/").content.decode()
    for column in ["公开指南", "公开制度", "法定主动公开内容", "公开年报", "依申请公开"]:
        assert f">{column}</a></h3>" in html, column
    assert f'href="/disclosure/orgs/{c.east.pk}/guide"' in html
    assert f'href="/reports/?org={c.east.pk}"' in html
    assert "青溪区政务公开工作制度" in html and "青溪区人民政府2025年政府信息公开工作年度报告" in html
    assert 'href="/requests/"' in html
    # A service center does not handle requests, and the page says so instead of offering the form.
    html = client.get(f"/disclosure/orgs/{c.east_center.pk}/").content.decode()
    assert "本机构不受理政府信息公开申请" in html and f'href="/reports/?org={c.east_center.pk}"' in html


def test_the_request_landing_page_explains_how_to_apply_before_the_form(client, db):
    response = client.get("/requests/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>依申请公开</h1>" in html and "如何申请" in html
    for href in [
        'href="/requests/new"',
        'href="/requests/track"',
        'href="/requests/statistics"',
        'href="/reports/"',
        'href="/disclosure/orgs/"',
    ]:
        assert href in html, href


def test_the_request_statistics_page_links_to_the_annual_reports_page(client, db):
    assert 'href="/reports/"' in client.get("/requests/statistics").content.decode()
