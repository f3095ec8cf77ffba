"""Every model in /admin/ is walked with an admin of another district (云湖区): it must see none of 青溪区's rows.

A new admin model fails test_every_registered_admin_model_is_declared until it is added either to
OTHER_DISTRICT_ROW (with a row of 青溪区 to look for) or to NO_ORG_DATA (with the reason it holds none).
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from sunlight.orgs.models import Membership, Role


def _document(cast):
    from sunlight.disclosure.actions import create_document
    from sunlight.disclosure.models import Genre

    officer = cast.add_staff("east_officer", cast.east, Role.DISCLOSURE_OFFICER)
    return create_document(
        publisher=cast.east,
        by=officer,
        title="低保对象名单（未公开）",
        created_on=date(2026, 3, 2),
        genre=Genre.objects.get(code="notice"),
        body_html="<p>张三 身份证号 110101199003077777</p>",
    )


def _event(cast):
    from sunlight.events.log import record

    return record("test.something", actor=cast.clerk, org=cast.east_center, obj=cast.east_center)


def _token(cast):
    from sunlight.accounts.models import ApiToken

    return ApiToken.issue(cast.clerk, "脚本")[0]


def _device(cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=cast.clerk, name="手机", confirmed=True)


def _external_identity(cast):
    from sunlight.accounts.models import ExternalIdentity

    return ExternalIdentity.objects.create(user=cast.clerk, issuer="https://id.example", subject="s-1", staff=True)


def _todo(cast):
    from sunlight.notify.todos import feed_todo

    return feed_todo(cast.clerk, "test:1", "办理张三的申请")


def _proposal(cast):
    from sunlight.workbench.proposals import propose_setting_change

    east_admin = cast.add_staff("eastadmin", cast.east, Role.ADMIN)
    return propose_setting_change(
        by=east_admin, label="disclosure.sensitiveword", obj=None, changes={"word": "张三"}, reason="区里发现"
    )


# model label -> a row that belongs to 青溪区 (the other district for the 云湖区 admin).
def _pathway(cast):
    from sunlight.projects.models import Pathway

    return Pathway.objects.create(city=cast.east, name="青溪区工程建设审批流程", target_days=90)


def _stage(cast):
    from sunlight.projects.models import Stage

    return Stage.objects.create(
        pathway=_pathway(cast), order=1, name="青溪区立项阶段", lead_org=cast.east, limit_days=20
    )


OTHER_DISTRICT_ROW = {
    "orgs.org": lambda cast: cast.east_center,
    "orgs.membership": lambda cast: Membership.objects.get(user=cast.clerk),
    "accounts.user": lambda cast: cast.clerk,
    "accounts.apitoken": _token,
    "otp_totp.totpdevice": _device,
    "accounts.externalidentity": _external_identity,
    "events.event": _event,
    "disclosure.document": _document,
    "notify.todo": _todo,
    "workbench.settingproposal": _proposal,
    "projects.pathway": _pathway,
    "projects.stage": _stage,
}

# model label -> why it holds no org data. Shared settings here are global: every admin may view them and only
# the top org's admins edit them (test_shared_settings.py).
NO_ORG_DATA = {
    "auth.group": "permission groups, no rows of any org",
    "axes.accessattempt": "login attempts by user name and IP, superusers only",
    "axes.accesslog": "logins by user name and IP, superusers only",
    "axes.accessfailurelog": "failed logins by user name and IP, superusers only",
    "catalog.law": "shared setting: the laws item citations resolve against",
    "catalog.negativelistentry": "shared setting: the province's market-access negative list",
    "orgs.region": "shared setting: the national administrative division codes",
    "clock.workday": "shared setting: the working-day calendar",
    "clock.calendarrevision": "a counter of calendar changes",
    "disclosure.topic": "shared setting: the topic taxonomy",
    "disclosure.genre": "shared setting: the genre taxonomy",
    "disclosure.keyarea": "shared setting: the key-area taxonomy",
    "disclosure.sensitiveword": "shared setting: the screening word list",
    "requests.outcome": "shared setting: a law table",
    "requests.applicanttype": "shared setting: a law table",
    "requests.statutorylimit": "shared setting: a law table",
    "search.synonym": "shared setting: the search synonym table",
}


@pytest.fixture
def west_admin(cast):
    from sunlight.accounts.models import User

    user = User.objects.create_user(
        "westadmin", password=cast.password, kind=User.Kind.STAFF, display_name="吴湖管", is_staff=True
    )
    Membership.objects.create(user=user, org=cast.west, role=Role.ADMIN)
    return user


def _label(model) -> str:
    return model._meta.label_lower


def test_every_registered_admin_model_is_declared():
    registered = {_label(model) for model in admin.site._registry}
    assert not set(OTHER_DISTRICT_ROW) & set(NO_ORG_DATA)
    undeclared = registered - set(OTHER_DISTRICT_ROW) - set(NO_ORG_DATA)
    assert not undeclared, f"declare these admin models in OTHER_DISTRICT_ROW or NO_ORG_DATA: {sorted(undeclared)}"
    assert not (set(OTHER_DISTRICT_ROW) | set(NO_ORG_DATA)) - registered, "a declared model is no longer in the admin"


@pytest.mark.parametrize("label", sorted(OTHER_DISTRICT_ROW))
def test_an_admin_of_another_district_sees_no_row_of_this_district_in_any_admin_page(client, cast, west_admin, label):
    row = OTHER_DISTRICT_ROW[label](cast)
    app_label, model_name = label.split(".")
    client.force_login(west_admin)

    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    if changelist.status_code == 200:
        assert not changelist.context["cl"].queryset.filter(pk=row.pk).exists(), (
            f"{label}: another district's row is listed"
        )
    else:
        assert changelist.status_code in (302, 403)
    # The raw-id popup and a search are the same changelist with other parameters.
    popup = client.get(
        reverse(f"admin:{app_label}_{model_name}_changelist"), {"_popup": 1, "_to_field": "id", "q": str(row)[:4]}
    )
    if popup.status_code == 200:
        assert not popup.context["cl"].queryset.filter(pk=row.pk).exists()

    for view in ("change", "delete", "history"):
        url = reverse(f"admin:{app_label}_{model_name}_{view}", args=[row.pk])
        response = client.get(url)
        assert response.status_code in (302, 403, 404), f"{label} {view}: {response.status_code}"
        assert str(row) not in response.content.decode() or not str(row), f"{label} {view} shows the row"


@pytest.mark.parametrize("label", sorted(NO_ORG_DATA))
def test_the_pages_of_models_without_org_data_open_or_refuse_cleanly_for_a_district_admin(
    client, cast, west_admin, label
):
    app_label, model_name = label.split(".")
    client.force_login(west_admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse(f"admin:{app_label}_{model_name}_changelist")).status_code in (200, 302, 403)


def test_a_district_admin_sees_the_own_district_in_the_same_pages(client, cast, west_admin):
    """The walk above would pass on an admin that shows nothing; the own district's rows are there."""
    from sunlight.disclosure.actions import create_document
    from sunlight.disclosure.models import Genre

    officer = cast.add_staff("west_officer", cast.west, Role.DISCLOSURE_OFFICER)
    doc = create_document(
        publisher=cast.west,
        by=officer,
        title="云湖区草稿",
        created_on=date(2026, 3, 2),
        genre=Genre.objects.get(code="notice"),
    )
    client.force_login(west_admin)
    changelist = client.get(reverse("admin:disclosure_document_changelist"))
    assert list(changelist.context["cl"].queryset) == [doc]
    assert client.get(reverse("admin:disclosure_document_change", args=[doc.pk])).status_code == 200
    assert (
        client.get(
            reverse("admin:orgs_membership_history", args=[Membership.objects.get(user=cast.outsider).pk])
        ).status_code
        == 200
    )


def test_simple_history_pages_of_another_districts_org_are_refused(client, cast, west_admin):
    """simple_history falls back to the history table for rows outside the queryset; the scope holds there too."""
    version = cast.east_center.history.latest("history_date")
    client.force_login(west_admin)
    assert client.get(reverse("admin:orgs_org_history", args=[cast.east_center.pk])).status_code == 404
    url = reverse("admin:orgs_org_simple_history", args=[cast.east_center.pk, version.history_id])
    assert client.get(url).status_code == 404


def test_a_district_admin_cannot_pick_another_districts_org_in_a_related_field(client, cast, west_admin):
    client.force_login(west_admin)
    form = client.get(reverse("admin:orgs_membership_add")).context["adminform"].form
    assert set(form.fields["org"].queryset) == {cast.west, cast.west_center}
    response = client.post(
        reverse("admin:orgs_membership_add"), {"user": cast.citizen.pk, "org": cast.east.pk, "role": Role.ADMIN}
    )
    assert response.status_code == 200 and not Membership.objects.filter(user=cast.citizen).exists()


def test_the_autocomplete_of_orgs_offers_only_the_own_subtree(client, cast, west_admin, monkeypatch):
    from sunlight.orgs.admin import MembershipAdmin, OrgAdmin

    monkeypatch.setattr(MembershipAdmin, "autocomplete_fields", ("org",))
    monkeypatch.setattr(MembershipAdmin, "raw_id_fields", ("user", "window"))
    monkeypatch.setattr(OrgAdmin, "search_fields", ("name",))
    client.force_login(west_admin)
    response = client.get(
        "/admin/autocomplete/", {"app_label": "orgs", "model_name": "membership", "field_name": "org", "term": "区"}
    )
    assert response.status_code == 200
    names = {item["text"] for item in response.json()["results"]}
    assert names == {"云湖区人民政府", "云湖区政务服务中心"}
