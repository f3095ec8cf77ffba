from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from sunlight.disclosure.tests.builders import make_pdf
from sunlight.errors import SunlightError
from sunlight.events.models import Event
from sunlight.letters import actions
from sunlight.letters.models import Letter, LetterAttachment
from sunlight.notify.models import Todo

pytestmark = pytest.mark.django_db


def test_a_letter_without_an_account_gets_a_query_code_and_a_to_do_for_the_dispatcher(post):
    letter, code = post.written()
    assert code and letter.query_code_hash and letter.writer_user is None
    assert letter.status == Letter.Status.RECEIVED
    assert letter.accept_due_on > letter.received_on
    assert Todo.objects.filter(user=post.officer, key__startswith=f"letter:{letter.pk}:").exists()
    assert Event.objects.filter(verb="letters.write", object_id=str(letter.pk)).exists()


def test_the_whole_loop_runs_accept_assign_take_reply_follow_up_rate(post):
    letter, code = post.written()
    letter = actions.accept_letter(letter, by=post.officer)
    assert letter.due_on > letter.accepted_on
    letter = actions.assign_letter(letter, by=post.officer, org=post.bureau, instructions="请核实。")
    letter = actions.take_letter(letter, by=post.handler)
    letter = actions.reply_letter(letter, by=post.handler, reply="已整改。")
    assert letter.status == Letter.Status.REPLIED and letter.replied_by_org == post.bureau
    letter = actions.follow_up_letter(letter, by=post.officer, result="来信人认可。")
    letter = actions.rate_letter(letter, query_code=code, rating="satisfied")
    assert letter.status == Letter.Status.CLOSED
    verbs = list(Event.objects.filter(object_id=str(letter.pk)).order_by("seq").values_list("verb", flat=True))
    assert verbs == [
        "letters.write",
        "letters.accept",
        "letters.assign",
        "letters.take",
        "letters.reply",
        "letters.follow_up",
        "letters.rate",
    ]
    assert [t["act"] for t in letter.trail] == ["write", "accept", "assign", "take", "reply", "follow_up", "rate"]


def test_the_answering_deadline_is_the_types_working_days_from_acceptance(post, settings):
    settings.LETTERS_LIMIT_DAYS = {**settings.LETTERS_LIMIT_DAYS, "consult": 3}
    letter = post.accepted(type="consult")
    # 2026-06-15 is a Monday: three working days later is Thursday 06-18
    assert letter.due_on == date(2026, 6, 18)


@pytest.mark.parametrize("field", ["subject", "content"])
def test_scripts_in_text_are_refused_and_nothing_is_written(post, field):
    with pytest.raises(SunlightError) as exc:
        post.written(**{field: "你好<script>alert(1)</script>"})
    assert exc.value.status == 400 and "脚本" in exc.value.message
    assert not Letter.objects.exists()


def test_a_disguised_attachment_is_refused_and_no_letter_or_file_is_left(post):
    with pytest.raises(SunlightError) as exc:
        post.written(files=[("photo.jpg", b"MZ\x90\x00 this is an executable")])
    assert exc.value.status == 400
    assert not Letter.objects.exists() and not LetterAttachment.objects.exists()


def test_a_real_pdf_is_kept_with_the_letter_and_its_personal_data_counted(post):
    letter, _code = post.written(files=[("证明.pdf", make_pdf("Phone 13800138000"))])
    attachment = letter.attachments.get()
    assert attachment.kind == "pdf" and attachment.findings == 1


def test_a_reply_to_a_letter_not_routed_to_the_org_is_refused(post, cast):
    letter = post.assigned()
    with pytest.raises(PermissionDenied):
        actions.reply_letter(letter, by=post.west_officer, reply="不是我们的事。")
    with pytest.raises(PermissionDenied):
        actions.reply_letter(post.accepted(subject="另一封"), by=post.handler, reply="还没转办给我们。")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.ASSIGNED and letter.reply == ""


def test_an_outsider_cannot_accept_or_assign(post):
    letter, _code = post.written()
    with pytest.raises(PermissionDenied):
        actions.accept_letter(letter, by=post.west_officer)
    letter = actions.accept_letter(letter, by=post.officer)
    with pytest.raises(PermissionDenied):
        actions.assign_letter(letter, by=post.handler, org=post.bureau)


def test_assigning_outside_the_government_is_refused(post, cast):
    letter = post.accepted()
    with pytest.raises(SunlightError) as exc:
        actions.assign_letter(letter, by=post.officer, org=cast.west)
    assert exc.value.code == "handler_org_outside"
    letter.refresh_from_db()
    assert letter.handler_org is None


def test_a_petition_is_refused_with_its_channel_and_the_reason(post):
    letter, _code = post.written(type="complain")
    letter = actions.refuse_letter(
        letter, by=post.officer, redirect="petition", reason="属于信访事项，请向信访局反映。"
    )
    assert letter.status == Letter.Status.REFUSED and letter.get_redirect_display() == "信访渠道"
    with pytest.raises(SunlightError):
        actions.refuse_letter(post.written()[0], by=post.officer, redirect="nowhere", reason="x")


def test_returning_sends_the_letter_back_to_the_dispatcher_with_the_reason(post):
    letter = actions.return_letter(post.assigned(), by=post.handler, reason="不属于本局职责。")
    assert letter.status == Letter.Status.ACCEPTED and letter.handler_org is None
    assert Todo.objects.filter(user=post.officer, key=f"letter:{letter.pk}:assign", done_at=None).exists()


def test_an_extension_is_the_heads_own_act_once_and_within_the_maximum(post):
    letter = post.assigned()
    with pytest.raises(PermissionDenied):
        actions.extend_letter(letter, by=post.handler, days=5, reason="需要现场核查。")
    with pytest.raises(SunlightError):
        actions.extend_letter(letter, by=post.head, days=99, reason="太久")
    due = Letter.objects.get(pk=letter.pk).due_on
    letter = actions.extend_letter(letter, by=post.head, days=5, reason="需要现场核查。")
    assert letter.due_on > due and letter.extended_days == 5
    with pytest.raises(SunlightError) as exc:
        actions.extend_letter(letter, by=post.head, days=1, reason="再延")
    assert exc.value.code == "already_extended"


def test_publication_without_the_writers_consent_is_refused(post):
    letter = post.replied(publish_consent=False)
    with pytest.raises(SunlightError) as exc:
        actions.publish_letter(letter, by=post.officer)
    assert exc.value.status == 409
    letter.refresh_from_db()
    assert not letter.is_published


def test_publication_masks_the_phone_and_the_writers_name(post):
    letter = post.replied(content="我是张三，电话13800138000，小区供暖不达标。")
    letter = actions.publish_letter(letter, by=post.officer)
    assert letter.is_published
    assert "13800138000" not in letter.public_content and "138****8000" in letter.public_content
    assert "张三" not in letter.public_content


def test_staff_edited_public_text_with_personal_data_left_is_refused(post):
    letter = post.replied()
    with pytest.raises(SunlightError) as exc:
        actions.publish_letter(letter, by=post.officer, content="请联系13900001111。")
    assert exc.value.code == "personal_data_left"
    assert not Letter.objects.get(pk=letter.pk).is_published


def test_the_writer_may_reopen_once_with_a_reason_and_a_stranger_may_not(post, cast):
    letter, code = post.written()
    letter = actions.accept_letter(letter, by=post.officer)
    letter = actions.assign_letter(letter, by=post.officer, org=post.bureau)
    letter = actions.reply_letter(letter, by=post.handler, reply="已处理。")
    with pytest.raises(PermissionDenied):
        actions.reopen_letter(letter, by=cast.citizen, reason="没解决")
    letter = actions.reopen_letter(letter, query_code=code, reason="问题没有解决。")
    assert letter.status == Letter.Status.ASSIGNED and letter.handler_org == post.bureau and letter.reopened
    letter = actions.reply_letter(letter, by=post.handler, reply="再次核查并已解决。")
    with pytest.raises(SunlightError) as exc:
        actions.reopen_letter(letter, query_code=code, reason="还是不行")
    assert exc.value.code == "already_reopened"


def test_an_unsatisfied_rating_needs_a_reason(post):
    letter, code = post.written(by=post.cast.citizen)
    assert code == ""
    letter = actions.accept_letter(letter, by=post.officer)
    letter = actions.assign_letter(letter, by=post.officer, org=post.bureau)
    letter = actions.reply_letter(letter, by=post.handler, reply="已处理。")
    with pytest.raises(SunlightError):
        actions.rate_letter(letter, by=post.cast.citizen, rating="unsatisfied")
    letter = actions.rate_letter(letter, by=post.cast.citizen, rating="unsatisfied", comment="答复敷衍。")
    assert letter.rating == "unsatisfied"


def test_a_group_is_answered_in_one_act_and_each_writer_is_told(post, cast):
    letters = [post.assigned(subject=f"青溪路积水{i}", by=cast.citizen) for i in range(3)]
    group = actions.group_letters(letters, by=post.officer, title="青溪路积水")
    assert actions.reply_group(group, by=post.handler, reply="已疏通排水管道。") == 3
    assert Letter.objects.filter(group=group, status=Letter.Status.REPLIED).count() == 3
    from sunlight.notify.models import Notice

    assert Notice.objects.filter(user=cast.citizen, channel="inapp", subject__contains="已答复").count() == 3


def test_a_file_left_by_a_killed_submission_is_swept_and_a_letters_file_is_kept(post):
    import io
    import os
    import time

    from django.core.files.storage import default_storage

    from sunlight.letters.tasks import sweep_files

    letter, _code = post.written(files=[("证明.pdf", make_pdf("text"))])
    kept = letter.attachments.get().file.name
    orphan = default_storage.save("letters/2026/06/orphan.pdf", io.BytesIO(b"%PDF-1.4 orphan"))
    old = time.time() - 7200
    for name in (kept, orphan):
        os.utime(default_storage.path(name), (old, old))
    assert sweep_files.call_local() == 1
    assert default_storage.exists(kept) and not default_storage.exists(orphan)
