"""The life of a document, action by action: draft, screening, masking, review, publication, withdrawal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sunlight.disclosure import actions
from sunlight.disclosure.models import Document, Finding, SecrecyReview, SensitiveWord
from sunlight.errors import Conflict, SunlightError
from sunlight.events.models import Event
from sunlight.search import service as search

from .builders import ID, draft, published


def found(text):
    return search.search(search.SearchQuery(text=text)).total


def test_a_draft_gets_an_index_number_from_the_publishers_code_year_and_serial(dis):
    first, second = draft(dis), draft(dis, title="第二份")
    code = dis.east.credit_code
    assert first.index_number == f"{code}/2025-00001" and second.index_number == f"{code}/2025-00002"
    assert Event.objects.filter(verb="disclosure.create", object_id=str(first.pk)).exists()


def test_the_monthly_index_number_variant_is_a_setting(dis, settings):
    settings.DISCLOSURE_INDEX_PERIOD = "month"
    assert draft(dis).index_number.endswith("/202503-00001")


def test_a_reason_is_required_unless_the_document_is_proactively_disclosed(dis):
    with pytest.raises(SunlightError, match="理由"):
        draft(dis, attribute=Document.Attribute.ON_REQUEST)
    assert not Document.objects.exists()
    doc = draft(dis, attribute=Document.Attribute.NOT_DISCLOSED, attribute_reason="属于内部事务信息")
    assert doc.attribute == "not_disclosed"


def test_scripts_in_html_bodies_are_removed(dis):
    doc = draft(dis, body_html='<p onclick="x()">正文</p><script>alert(1)</script><a href="javascript:x">链接</a>')
    assert "script" not in doc.body_html and "onclick" not in doc.body_html and "javascript" not in doc.body_html
    assert "正文" in doc.body_text


def test_only_the_publishers_disclosure_officer_may_draft(dis):
    with pytest.raises(PermissionDenied):
        actions.create_document(
            publisher=dis.east, by=dis.west_officer, title="x", created_on=date(2025, 1, 2), genre=dis.notice
        )
    with pytest.raises(PermissionDenied):
        actions.create_document(
            publisher=dis.east, by=dis.reviewer, title="x", created_on=date(2025, 1, 2), genre=dis.notice
        )
    assert not Document.objects.exists()


def test_submitting_screens_the_body_and_finds_a_planted_id_number_and_secrecy_mark(dis):
    SensitiveWord.objects.create(word="维稳预案")
    doc = draft(dis, body_html=f"<p>申请人身份证号{ID}，手机13812345678。</p><p>机密★1年 维稳预案</p>")
    findings = actions.submit_document(doc, by=dis.officer)
    assert {f.kind for f in findings} >= {"id_number", "mobile", "secrecy_mark", "word"}
    assert Document.objects.get(pk=doc.pk).status == "submitted"


def test_masking_replaces_the_finding_in_the_body_and_closes_it(dis):
    doc = draft(dis, body_html=f"<p>身份证号{ID}。</p>")
    finding = actions.submit_document(doc, by=dis.officer)[0]
    doc = actions.mask_finding(finding, by=dis.reviewer)
    assert ID not in doc.body_html and "110105" in doc.body_html
    assert Finding.objects.get(pk=finding.pk).state == "masked"
    with pytest.raises(Conflict):
        actions.mask_finding(finding, by=dis.reviewer)


def test_approving_with_open_findings_needs_the_reviewers_recorded_reason(dis):
    doc = draft(dis, body_html="<p>联系电话13812345678</p>")
    actions.submit_document(doc, by=dis.officer)
    with pytest.raises(SunlightError, match="未处理"):
        actions.review_document(doc, by=dis.reviewer, conclusion="approved", grounds="已审")
    assert not SecrecyReview.objects.exists() and Document.objects.get(pk=doc.pk).status == "submitted"
    review = actions.review_document(
        doc, by=dis.reviewer, conclusion="approved", grounds="已审", override_reason="该号码为公开的办事电话"
    )
    assert review.open_findings == 1 and review.override_reason
    assert Finding.objects.get(document=doc).state == "overridden"


def test_a_reviewer_outside_the_publishers_org_is_refused(dis):
    doc = draft(dis)
    actions.submit_document(doc, by=dis.officer)
    with pytest.raises(PermissionDenied):
        actions.review_document(doc, by=dis.west_reviewer, conclusion="approved", grounds="x")
    assert Document.objects.get(pk=doc.pk).status == "submitted"


def test_publishing_without_review_is_refused(dis):
    doc = draft(dis)
    with pytest.raises(Conflict, match="保密审查"):
        actions.publish_document(doc, by=dis.officer)
    actions.submit_document(doc, by=dis.officer)
    with pytest.raises(Conflict):
        actions.publish_document(doc, by=dis.officer)


def test_returning_a_document_sends_it_back_to_draft(dis):
    doc = draft(dis)
    actions.submit_document(doc, by=dis.officer)
    actions.review_document(doc, by=dis.reviewer, conclusion="returned", grounds="请删去个人信息")
    assert Document.objects.get(pk=doc.pk).status == "draft"


def test_a_published_document_is_in_search_at_once_and_leaves_it_when_withdrawn(dis):
    doc = draft(dis)
    assert found("义务教育") == 0
    published(dis, doc)
    assert found("义务教育") == 1
    actions.withdraw_document(doc, by=dis.officer, reason="内容有误")
    assert found("义务教育") == 0
    assert Document.objects.get(pk=doc.pk).withdrawn_reason == "内容有误"


def test_withdrawing_needs_a_reason(dis):
    doc = published(dis)
    with pytest.raises(SunlightError):
        actions.withdraw_document(doc, by=dis.officer, reason=" ")


def test_documents_not_proactively_disclosed_are_never_published(dis):
    doc = draft(dis, attribute=Document.Attribute.ON_REQUEST, attribute_reason="涉及第三方")
    actions.submit_document(doc, by=dis.officer)
    actions.review_document(doc, by=dis.reviewer, conclusion="approved", grounds="x")
    with pytest.raises(Conflict, match="主动"):
        actions.publish_document(doc, by=dis.reviewer)


def test_publication_more_than_20_working_days_after_creation_is_flagged(dis):
    late = published(dis, created_on=timezone.localdate() - timedelta(days=60))
    assert late.published_late and late.publication_working_days > 20
    prompt = published(dis, title="及时", created_on=timezone.localdate())
    assert not prompt.published_late and prompt.publication_working_days == 0


def test_a_scheduled_document_is_published_by_the_worker_when_its_time_comes(dis):
    doc = draft(dis)
    actions.submit_document(doc, by=dis.officer)
    actions.review_document(doc, by=dis.reviewer, conclusion="approved", grounds="x")
    at = timezone.now() + timedelta(hours=2)
    doc = actions.publish_document(doc, by=dis.officer, at=at)
    assert doc.status == "scheduled" and found("义务教育") == 0
    assert actions.publish_due_documents(now=timezone.now()) == 0
    assert actions.publish_due_documents(now=at + timedelta(minutes=1)) == 1
    assert Document.objects.get(pk=doc.pk).status == "published" and found("义务教育") == 1


def test_a_draft_can_be_edited_but_published_content_cannot(dis):
    doc = draft(dis)
    actions.update_document(doc, by=dis.officer, title="新标题")
    published(dis, Document.objects.get(pk=doc.pk))
    with pytest.raises(Conflict):
        actions.update_document(doc, by=dis.officer, body_html="<p>改了</p>")
    actions.update_document(doc, by=dis.officer, keywords="招生 入学")
    assert found("招生") == 1


def test_validity_changes_show_date_and_replacement_and_are_logged(dis):
    old = published(dis, title="旧办法", genre=dis.normative)
    new = published(dis, title="新办法", genre=dis.normative, created_on=date(2025, 6, 3))
    actions.change_validity(old, by=dis.officer, validity="repealed", on=date(2025, 6, 3), replaced_by=new)
    old.refresh_from_db()
    assert old.validity == "repealed" and old.replaced_by == new
    event = Event.objects.get(verb="disclosure.validity")
    assert event.data["after"]["validity"] == "repealed"
    with pytest.raises(SunlightError):
        actions.change_validity(new, by=dis.officer, validity="repealed", on=date(2025, 6, 3), replaced_by=new)


def test_an_interpretation_links_to_its_policy_both_ways(dis):
    policy = published(dis, title="实施办法")
    interpretation = draft(dis, title="《实施办法》政策解读")
    actions.link_interpretation(interpretation, policy, by=dis.officer)
    assert list(policy.interpretations.all()) == [interpretation]
    with pytest.raises(SunlightError):
        actions.link_interpretation(policy, interpretation, by=dis.officer)


def test_duplicate_or_foreign_index_numbers_are_refused(dis):
    doc = draft(dis)
    with pytest.raises(Conflict):
        draft(dis, index_number=doc.index_number)
    with pytest.raises(SunlightError, match="机构代码"):
        draft(dis, index_number=f"{dis.west.credit_code}/2025-00009")
    claimed = draft(dis, index_number=f"{dis.east.credit_code}/2025-00040")
    assert claimed.index_number.endswith("-00040")
    assert draft(dis).index_number.endswith("-00041")  # the serial moves past an imported number


def test_reviewers_get_a_to_do_on_submission_and_the_author_one_on_approval(dis, django_capture_on_commit_callbacks):
    doc = draft(dis, body_html=f"<p>{ID}</p>")
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_document(doc, by=dis.officer)
    todo = dis.reviewer.todos.get()
    assert "待保密审查" in todo.title and todo.level == "warning" and todo.url.endswith(f"/{doc.pk}/")
    with django_capture_on_commit_callbacks(execute=True):
        actions.review_document(
            doc, by=dis.reviewer, conclusion="approved", grounds="x", override_reason="已核实为样例号码"
        )
    assert dis.reviewer.todos.get().done_at is not None
    assert "待发布" in dis.officer.todos.get(done_at__isnull=True).title
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_document(doc, by=dis.officer)
    assert not dis.officer.todos.filter(done_at__isnull=True).exists()
