"""The statutory life of a case through its acts: receipt, acceptance, correction, steps, decision, delivery, and
the clock's pauses and extension (《行政许可法》 Art. 32, 42, 44, 45)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.cases import actions
from sunlight.cases.actions import MaterialInput
from sunlight.cases.models import Case, CaseMaterial, CaseNotice, CaseStep
from sunlight.clock.calendar import get_calendar
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.notify.models import Notice, Todo

from .builders import PNG, pdf

pytestmark = pytest.mark.django_db


def test_an_online_application_is_bound_to_the_version_in_force_and_waits_five_working_days_for_acceptance(hall):
    case = hall.submitted()
    assert case.version == hall.version
    assert case.status == Case.Status.SUBMITTED
    assert case.received_on == date(2026, 6, 15)
    assert case.accept_due_on == get_calendar().add(date(2026, 6, 15), 5, "working")
    assert case.id_number == hall.submission().applicant.id_number
    assert case.id_number_index and case.id_number_index != case.id_number
    assert [m.provision for m in case.materials.order_by("position")] == ["uploaded", "uploaded", "missing"]
    assert Todo.objects.filter(user=hall.cast.clerk, key__startswith=f"case:{case.pk}:", done_at__isnull=True).exists()
    assert Event.objects.filter(verb="cases.submit", object_id=str(case.pk)).exists()


def test_a_missing_required_material_is_refused_and_nothing_is_written(hall):
    with pytest.raises(SunlightError) as refused:
        hall.submitted(materials=[MaterialInput(0, upload=pdf())])
    assert refused.value.code == "material_missing"
    assert not Case.objects.exists() and not CaseMaterial.objects.exists()


@pytest.mark.parametrize(
    ("name", "body", "code"),
    [
        ("营业执照.exe", b"MZ....", "bad_file_type"),
        ("营业执照.pdf", PNG, "bad_file_content"),
        ("营业执照.pdf", b"", "empty_file"),
    ],
)
def test_a_material_of_the_wrong_type_is_refused_and_no_file_is_left(hall, settings, tmp_path, name, body, code):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(SunlightError) as refused:
        hall.submitted(
            materials=[MaterialInput(0, upload=pdf()), MaterialInput(1, upload=SimpleUploadedFile(name, body))]
        )
    assert refused.value.code == code
    assert not Case.objects.exists()
    media = tmp_path / "media" / "cases"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_file_over_the_limit_is_refused(hall, settings):
    settings.CASES_UPLOAD_MAX_MB = 1
    with pytest.raises(SunlightError) as refused:
        hall.submitted(materials=[MaterialInput(0, upload=pdf(size=2 * 1024 * 1024)), MaterialInput(1, upload=pdf())])
    assert refused.value.code == "file_too_large"
    assert not Case.objects.exists()


def test_a_failure_after_files_were_written_deletes_them_with_the_act(hall, tmp_path, monkeypatch):
    from sunlight.cases.actions import intake

    def boom(*args, **kwargs):
        raise RuntimeError("crash after the files")

    monkeypatch.setattr(intake, "hand_to", boom)
    with pytest.raises(RuntimeError):
        hall.submitted()
    assert not Case.objects.exists()
    media = tmp_path / "media" / "cases"
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_files_left_by_a_killed_process_are_swept_once_an_hour_old(hall, tmp_path):
    import os
    import time

    from sunlight.cases.uploads import sweep_orphan_files

    case = hall.submitted()
    orphan = tmp_path / "media" / "cases" / "2026" / "06" / "orphan.pdf"
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_bytes(b"%PDF-1.4")
    assert sweep_orphan_files() == 0  # too young: it may belong to a submission still running
    old = time.time() - 7200
    os.utime(orphan, (old, old))
    for m in case.materials.exclude(file=""):
        os.utime(m.file.path, (old, old))
    assert sweep_orphan_files() == 1
    assert not orphan.exists()
    assert all(os.path.exists(m.file.path) for m in case.materials.exclude(file=""))


def test_an_item_version_not_in_force_is_refused(hall):
    from sunlight.catalog.tests import builders as catalog

    editor = hall.cast.add_staff("editor2", hall.market, "catalog_officer")
    reviewer = hall.cast.add_staff("reviewer2", hall.market, "reviewer")
    old = hall.version
    catalog.changed(hall.item, editor, reviewer, promised_limit=9)
    with pytest.raises(SunlightError) as refused:
        actions.submit_online(hall.item, hall.submission(), by=hall.company, version=old)
    assert refused.value.code == "version_not_in_force"
    assert not Case.objects.exists()


def test_acceptance_starts_the_clock_makes_the_steps_and_issues_the_receipt(hall):
    case = hall.accepted()
    assert case.status == Case.Status.HANDLING
    assert case.accepted_on == date(2026, 6, 15)
    cal = get_calendar()
    assert case.promised_due_on == cal.add(date(2026, 6, 15), 10, "working")
    assert case.due_on == cal.add(date(2026, 6, 15), 20, "working")
    assert [(s.name, s.role) for s in case.steps.all()] == [("审查", "handler"), ("决定", "approver")]
    assert case.notices.filter(kind=CaseNotice.Kind.RECEIPT).count() == 1
    assert Todo.objects.filter(user=hall.handler, key__startswith=f"case:{case.pk}:", done_at__isnull=True).exists()
    assert not Todo.objects.filter(
        user=hall.cast.clerk, key__startswith=f"case:{case.pk}:", done_at__isnull=True
    ).exists()
    assert Notice.objects.filter(user=hall.company, channel="sms").exists()


def test_an_outsider_cannot_accept_and_nothing_changes(hall):
    case = hall.submitted()
    for who in (hall.cast.outsider, hall.cast.citizen, hall.west_handler):
        with pytest.raises(PermissionDenied):
            actions.accept_case(case, by=who)
    case.refresh_from_db()
    assert case.status == Case.Status.SUBMITTED and not case.notices.exists()


def test_one_correction_notice_lists_every_defect_and_a_second_needs_a_new_reason_and_is_flagged(hall):
    case = actions.request_correction(
        hall.submitted(), by=hall.cast.clerk, defects=["营业执照复印件不清晰", "申请书未盖章"]
    )
    assert case.status == Case.Status.CORRECTING and case.corrections == 1 and not case.repeat_correction
    notice = case.notices.get(kind=CaseNotice.Kind.CORRECTION)
    assert "营业执照复印件不清晰" in notice.html and "申请书未盖章" in notice.html
    case = actions.submit_correction(case, [MaterialInput(1, upload=pdf("营业执照-清晰.pdf"))], by=hall.company)
    assert case.status == Case.Status.SUBMITTED
    assert case.materials.filter(round=1).count() == 1
    with pytest.raises(SunlightError) as refused:
        actions.request_correction(case, by=hall.cast.clerk, defects=["法定代表人签字缺失"])
    assert refused.value.code == "second_correction"
    case.refresh_from_db()
    assert case.corrections == 1 and case.status == Case.Status.SUBMITTED
    case = actions.request_correction(
        case, by=hall.cast.clerk, defects=["法定代表人签字缺失"], repeat_reason="补正后的营业执照显示法定代表人已变更"
    )
    assert case.corrections == 2 and case.repeat_correction
    assert case.notices.filter(kind=CaseNotice.Kind.CORRECTION).count() == 2


def test_a_correction_restarts_the_acceptance_limit_from_the_day_it_arrives(hall, spring_2026):
    case = actions.request_correction(hall.submitted(), by=hall.cast.clerk, defects=["营业执照复印件不清晰"])
    spring_2026.shift(timedelta(days=3))
    case = actions.submit_correction(case, [MaterialInput(1, upload=pdf())], by=hall.company)
    assert case.received_on == date(2026, 6, 18)
    assert case.accept_due_on == get_calendar().add(date(2026, 6, 18), 5, "working")


def test_only_the_applicant_may_send_a_correction(hall):
    case = actions.request_correction(hall.submitted(), by=hall.cast.clerk, defects=["营业执照复印件不清晰"])
    with pytest.raises(PermissionDenied):
        actions.submit_correction(case, [MaterialInput(1, upload=pdf())], by=hall.cast.citizen)
    assert not case.materials.filter(round=1).exists()


def test_no_answer_in_five_working_days_means_accepted_on_receipt(hall, spring_2026):
    case = hall.submitted()
    spring_2026.shift(timedelta(days=10))
    assert actions.accept_overdue_cases() == 1
    assert actions.accept_overdue_cases() == 0  # the nightly job is idempotent
    case.refresh_from_db()
    assert case.status == Case.Status.HANDLING and case.accepted_by_default
    assert case.accepted_on == date(2026, 6, 15)
    assert case.promised_due_on == get_calendar().add(date(2026, 6, 15), 10, "working")
    assert "即为受理" in case.notices.get(kind=CaseNotice.Kind.RECEIPT).html


def test_a_refusal_needs_reasons_and_closes_the_case_as_returned(hall):
    case = hall.submitted()
    with pytest.raises(SunlightError):
        actions.refuse_case(case, by=hall.cast.clerk, reason=" ")
    case = actions.refuse_case(case, by=hall.cast.clerk, reason="申请事项依法不需要取得行政许可")
    assert case.status == Case.Status.NOT_ACCEPTED and case.kind == "returned" and case.way == "answered"
    with pytest.raises(SunlightError) as refused:
        actions.accept_case(case, by=hall.cast.clerk)
    assert refused.value.status == 409


def test_steps_go_to_their_roles_and_the_approver_cannot_be_the_handler(hall):
    case = hall.accepted()
    with pytest.raises(PermissionDenied):
        actions.complete_step(case, by=hall.approver, opinion="拟准予")  # the 审查 step is the handler's
    with pytest.raises(SunlightError) as refused:
        actions.decide_case(case, by=hall.approver, granted=True)
    assert refused.value.code == "not_at_approval"
    case = actions.complete_step(case, by=hall.handler, opinion="拟准予")
    assert case.step_index == 1
    # A handler who also holds the approver's post still may not approve their own case.
    hall.cast.add_staff("dual", hall.market, "handler")
    from sunlight.orgs.models import Membership

    Membership.objects.create(user=hall.handler, org=hall.market, role="approver")
    hall.handler.__dict__.pop("_sunlight_memberships", None)
    with pytest.raises(SunlightError) as refused:
        actions.decide_case(case, by=hall.handler, granted=True)
    assert refused.value.code == "same_person"
    assert Case.objects.get(pk=case.pk).status == Case.Status.HANDLING


def test_a_decision_then_delivery_within_ten_working_days_closes_the_case(hall):
    case = hall.decided(text="准予食品经营许可")
    assert case.status == Case.Status.DECIDED
    assert case.delivery_due_on == get_calendar().add(date(2026, 6, 15), 10, "working")
    assert "准予行政审批决定书" in case.notices.get(kind=CaseNotice.Kind.DECISION).html
    case = actions.deliver_result(case, by=hall.cast.clerk, method="窗口领取")
    assert case.status == Case.Status.DELIVERED and case.delivered_on == date(2026, 6, 15)
    assert not Todo.objects.filter(key__startswith=f"case:{case.pk}:", done_at__isnull=True).exists()
    with pytest.raises(SunlightError) as refused:
        actions.suspend_case(case, by=hall.handler, reason="等待")
    assert refused.value.status == 409


def test_a_refusal_decision_states_reasons_and_remedies(hall):
    case = hall.at_approval()
    with pytest.raises(SunlightError):
        actions.decide_case(case, by=hall.approver, granted=False, text="")
    case = actions.decide_case(case, by=hall.approver, granted=False, text="经营场所与住宅未有效隔离")
    html = case.notices.get(kind=CaseNotice.Kind.DECISION).html
    assert "不予行政审批决定书" in html and "行政复议" in html and "经营场所与住宅未有效隔离" in html


def test_the_extension_is_ten_working_days_once_and_only_by_the_approver(hall):
    case = hall.accepted()
    due = case.due_on
    with pytest.raises(PermissionDenied):
        actions.extend_case(case, by=hall.handler, reason="情况复杂")
    case = actions.extend_case(case, by=hall.approver, reason="需现场核查的经营场所较多")
    assert case.extension_approver == hall.approver and case.extended_days == 10
    assert case.due_on == get_calendar().add(due, 10, "working")
    with pytest.raises(SunlightError) as refused:
        actions.extend_case(case, by=hall.approver, reason="再延")
    assert refused.value.code == "already_extended"


def test_a_special_procedure_is_not_counted_and_the_applicant_is_told_in_writing(hall, spring_2026):
    case = hall.accepted()
    due, step_due = case.due_on, case.current_step().due_on
    case = actions.start_special_procedure(case, by=hall.handler, procedure="inspection", reason="核查经营场所")
    assert case.status == Case.Status.SPECIAL and case.due_on is None
    assert "现场勘验" in case.notices.get(kind=CaseNotice.Kind.SPECIAL).html
    with pytest.raises(SunlightError):
        actions.complete_step(case, by=hall.handler, opinion="拟准予")
    spring_2026.shift(timedelta(days=7))  # 2026-06-22: five working days later (端午 falls on 06-19)
    paused = get_calendar().between(date(2026, 6, 15), date(2026, 6, 22), "working")
    case = actions.resume_case(case, by=hall.handler)
    assert case.status == Case.Status.HANDLING
    assert case.due_on == get_calendar().add(due, paused, "working")
    assert CaseStep.objects.get(case=case, index=0).due_on == get_calendar().add(step_due, paused, "working")


def test_an_on_the_spot_item_is_closed_at_the_window_in_one_act(hall):
    case = actions.submit_online(
        hall.instant,
        hall.submission(materials=[MaterialInput(0, upload=pdf()), MaterialInput(1, upload=pdf())]),
        by=hall.company,
    )
    with pytest.raises(SunlightError):
        actions.accept_case(case, by=hall.cast.clerk)
    case = actions.handle_on_the_spot(case, by=hall.cast.clerk)
    assert case.status == Case.Status.DELIVERED and case.way == "direct" and case.kind == "ordinary"
    assert case.decided_on == case.delivered_on == date(2026, 6, 15)


def test_a_walk_in_case_gets_a_query_code_and_may_lack_materials(hall):
    case, code = actions.register_at_window(
        hall.item,
        hall.submission(materials=[MaterialInput(0, "in_person")]),
        by=hall.cast.clerk,
        window=hall.cast.window,
    )
    assert code and case.query_code_hash and case.channel == Case.Channel.WINDOW and case.window == hall.cast.window
    assert [m.provision for m in case.materials.order_by("position")] == ["in_person", "missing", "missing"]
    with pytest.raises(PermissionDenied):
        actions.register_at_window(hall.item, hall.submission(), by=hall.cast.outsider)


def test_the_platform_pushes_a_case_once_whatever_it_retries(hall):
    first = actions.receive_from_platform(
        hall.item,
        hall.submission(materials=[]),
        by=hall.cast.clerk,
        external_ref="GD-2026-0001",
        received_on=date(2026, 6, 15),
    )
    again = actions.receive_from_platform(
        hall.item,
        hall.submission(materials=[]),
        by=hall.cast.clerk,
        external_ref="GD-2026-0001",
        received_on=date(2026, 6, 15),
    )
    assert first.pk == again.pk and Case.objects.count() == 1
    assert first.received_on == date(2026, 6, 15)


def test_the_applicant_may_withdraw_before_the_decision_but_no_one_else(hall):
    case = hall.accepted()
    with pytest.raises(PermissionDenied):
        actions.withdraw_case(case, by=hall.cast.citizen)
    case = actions.withdraw_case(case, by=hall.company)
    assert case.status == Case.Status.WITHDRAWN


def test_granting_an_item_whose_result_is_a_certificate_issues_a_signed_one_that_verifies(hall):
    from sunlight.certificates.copies import copy_token, verify

    case = hall.decided(
        text="准予", certificate={"scope": "预包装食品销售、热食类食品制售", "valid_until": date(2031, 6, 14)}
    )
    certificate = case.certificate
    assert certificate is not None and certificate.source_ref == case.number
    assert certificate.holder_user == hall.company and certificate.state == "valid"
    assert certificate.number in case.notices.get(kind=CaseNotice.Kind.DECISION).html
    assert verify(certificate.number, copy_token(certificate)).valid
    token = copy_token(certificate)
    assert not verify(certificate.number, token[:-6] + ("A" if token[-6] != "A" else "B") + token[-5:]).valid


def test_a_later_application_uses_a_held_certificate_instead_of_an_upload(hall):
    certificate = hall.delivered().certificate
    later = hall.submitted(
        materials=[
            MaterialInput(0, upload=pdf()),
            MaterialInput(1, "certificate", certificate_number=certificate.number),
        ]
    )
    assert later.materials.get(position=1).provision == "certificate"
    with pytest.raises(SunlightError) as refused:
        actions.submit_online(
            hall.item,
            hall.submission(
                materials=[MaterialInput(0, upload=pdf()), MaterialInput(1, "certificate", certificate_number="NOPE-1")]
            ),
            by=hall.company,
        )
    assert refused.value.code == "certificate_not_held"
