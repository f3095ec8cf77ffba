"""A city's own stages: its admin edits a preset's stage, builds a pathway from nothing and takes an item out of a
stage in /admin/; every edit is an event; an admin of another district sees none of it (test_admin_scope)."""

from __future__ import annotations

from django.urls import reverse

from sunlight.events.models import Event

from ..models import Pathway, Stage, StageItem


def _stage_post(stage: Stage, **changes) -> dict:
    data = {
        "order": stage.order,
        "name": stage.name,
        "kind": stage.kind,
        "lead_org": stage.lead_org_id,
        "limit_days": stage.limit_days,
        "items-TOTAL_FORMS": stage.items.count(),
        "items-INITIAL_FORMS": stage.items.count(),
        "items-MIN_NUM_FORMS": 0,
        "items-MAX_NUM_FORMS": 1000,
    }
    for i, stage_item in enumerate(stage.items.order_by("pk")):
        data[f"items-{i}-id"] = stage_item.pk
        data[f"items-{i}-stage"] = stage.pk
    data.update(changes)
    return data


def test_the_city_admin_changes_a_stage_limit_and_the_lead_department_and_it_is_recorded(client, works):
    client.force_login(works.cast.admin)
    stage = works.permit
    url = reverse("admin:projects_stage_change", args=[stage.pk])
    response = client.post(url, _stage_post(stage, limit_days=15, lead_org=works.items["land"].org_id))
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.limit_days == 15 and stage.lead_org_id == works.items["land"].org_id
    event = Event.objects.filter(verb="projects.stage_admin.update").get()
    assert event.org_id == works.cast.city.pk


def test_a_stage_limit_of_zero_days_is_refused_and_nothing_changes(client, works):
    client.force_login(works.cast.admin)
    stage = works.permit
    before = stage.limit_days
    response = client.post(reverse("admin:projects_stage_change", args=[stage.pk]), _stage_post(stage, limit_days=0))
    assert response.status_code == 200 and "阶段时限须在1至365个工作日之间" in response.content.decode()
    stage.refresh_from_db()
    assert stage.limit_days == before and not Event.objects.filter(verb__startswith="projects.stage_admin").exists()


def test_the_city_admin_takes_an_item_out_of_a_stage(client, works):
    client.force_login(works.cast.admin)
    stage = works.permit
    optional = stage.items.get(item=works.items["env"])
    data = _stage_post(stage)
    index = list(stage.items.order_by("pk")).index(optional)
    data[f"items-{index}-DELETE"] = "on"
    assert client.post(reverse("admin:projects_stage_change", args=[stage.pk]), data).status_code == 302
    assert not StageItem.objects.filter(pk=optional.pk).exists()
    assert stage.items.count() == 3
    assert Event.objects.filter(verb="projects.stage_admin.delete", org=works.cast.city).count() == 1


def test_the_city_admin_builds_a_pathway_of_its_own_from_nothing(client, works):
    client.force_login(works.cast.admin)
    lead = works.items["build"].org_id
    data = {
        "city": works.cast.city.pk,
        "name": "云川市社会投资小型项目审批流程",
        "target_days": 15,
        "is_active": "on",
        "stages-TOTAL_FORMS": 2,
        "stages-INITIAL_FORMS": 0,
        "stages-MIN_NUM_FORMS": 0,
        "stages-MAX_NUM_FORMS": 1000,
    }
    for i, (name, days) in enumerate((("工程建设许可", 5), ("施工许可", 3))):
        data.update(
            {
                f"stages-{i}-order": i + 1,
                f"stages-{i}-name": name,
                f"stages-{i}-kind": "parallel",
                f"stages-{i}-lead_org": lead,
                f"stages-{i}-limit_days": days,
            }
        )
    response = client.post(reverse("admin:projects_pathway_add"), data)
    assert response.status_code == 302
    pathway = Pathway.objects.get(name="云川市社会投资小型项目审批流程")
    assert list(pathway.stages.order_by("order").values_list("name", "limit_days")) == [
        ("工程建设许可", 5),
        ("施工许可", 3),
    ]
    assert Event.objects.filter(verb="projects.pathway_admin.create", org=works.cast.city).exists()
    assert Event.objects.filter(verb="projects.stage_admin.create", org=works.cast.city).count() == 2
