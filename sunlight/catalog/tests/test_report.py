"""The consistency report finds what the catalog rules say is wrong, for the orgs the user may see."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from sunlight.catalog.models import BasicItem, Citation, Law, ServiceItem
from sunlight.catalog.report import consistency_report
from sunlight.catalog.tests import builders
from sunlight.orgs.models import Org


def _orgs(crew):
    return Org.objects.filter(pk=crew.org.pk)


def test_a_clean_catalog_has_nothing_to_report(crew):
    builders.published(crew.org, crew.editor, crew.reviewer)
    assert consistency_report(_orgs(crew)).findings == []


def test_the_report_finds_a_citation_of_a_law_repealed_since(crew):
    builders.published(crew.org, crew.editor, crew.reviewer)
    Law.objects.filter(title=builders.FOOD_LAW).update(repealed_on=timezone.localdate() - timedelta(days=1))
    found = consistency_report(_orgs(crew)).findings
    assert [(f.rule_id, f.detail) for f in found] == [("basis.resolves", f"《{builders.FOOD_LAW}》第35条")]


def test_the_report_finds_an_unresolved_citation_of_a_draft(crew):
    builders.drafted(crew.org, crew.editor, citations=[{"law_title": "不存在的条例", "article": 3}])
    found = consistency_report(_orgs(crew)).findings
    assert ("basis.resolves", "《不存在的条例》第3条") in [(f.rule_id, f.detail) for f in found]


def test_the_report_finds_an_article_past_the_laws_last(crew):
    builders.published(crew.org, crew.editor, crew.reviewer)
    Citation.objects.update(article=999)
    assert [f.rule_id for f in consistency_report(_orgs(crew)).findings] == ["basis.resolves"]


def test_the_report_finds_two_live_items_of_one_org_with_one_name(crew):
    a = builders.published(crew.org, crew.editor, crew.reviewer, name="食品经营许可")
    b = builders.published(crew.org, crew.editor, crew.reviewer, name="食品经营许可（延续）", basic_code="XK00002000")
    ServiceItem.objects.filter(pk=b.item_id).update(name="食品经营许可")  # as an old import left it
    found = consistency_report(_orgs(crew)).findings
    dupes = sorted(f.item_code for f in found if f.rule_id == "name.unique_in_org")
    assert dupes == sorted([a.item.code, b.item.code])


def test_the_report_finds_a_version_differing_from_the_basic_catalog(crew):
    version = builders.published(crew.org, crew.editor, crew.reviewer)
    BasicItem.objects.filter(basic_code=version.item.basic_code).update(competent_department="卫生健康部门")
    found = consistency_report(_orgs(crew)).findings
    assert [(f.rule_id, f.version_id) for f in found] == [("base.identical", version.pk)]


def test_the_report_lists_a_drafts_stored_version_rule(crew):
    version = builders.drafted(crew.org, crew.editor, visits=1, visits_reason="")
    found = consistency_report(_orgs(crew)).findings
    assert [(f.rule_id, f.version_id) for f in found] == [("visits.reason", version.pk)]


def test_the_report_page_counts_by_org_and_rule_and_hides_other_orgs(client, crew):
    builders.drafted(crew.org, crew.editor, citations=[{"law_title": "不存在的条例", "article": 3}])
    client.force_login(crew.editor)
    text = client.get(reverse("catalog_wb:report")).content.decode()
    assert "basis.resolves" in text and "不存在的条例" in text and crew.org.name in text
    client.force_login(crew.outsider)
    other = client.get(reverse("catalog_wb:report")).content.decode()
    assert "不存在的条例" not in other
