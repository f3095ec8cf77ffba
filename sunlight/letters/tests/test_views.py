import re
from datetime import date

import pytest
from django.urls import reverse

from sunlight.letters import actions
from sunlight.letters.models import Letter

pytestmark = pytest.mark.django_db

FORM = {
    "type": "complain",
    "subject": "小区供暖不达标",
    "content": "入冬以来室温只有十几度。我的电话13800138000。",
    "writer_name": "张三",
    "publish_consent": "on",
}


def test_the_index_lists_the_mailboxes_and_only_published_letters(client, post):
    hidden = post.replied(subject="未公开的来信")
    shown = actions.publish_letter(post.replied(subject="已公开的来信"), by=post.officer)
    page = client.get(reverse("letters:index")).content.decode()
    assert "青溪区区长信箱" in page and shown.public_subject in page and hidden.subject not in page
    assert client.get(reverse("letters:public", args=[hidden.number])).status_code == 404
    assert client.get(reverse("letters:public", args=[shown.number])).status_code == 200


def test_a_resident_writes_without_an_account_sees_the_query_code_once_and_follows_the_letter(client, post):
    response = client.post(reverse("letters:write", args=["qx-head"]), FORM)
    assert response.status_code == 302
    letter = Letter.objects.get()
    page = client.get(response["Location"]).content.decode()
    code = re.search(r"查询码：<strong>([^<]+)</strong>", page).group(1)
    assert letter.number in page
    assert code not in client.get(response["Location"]).content.decode()  # shown once

    other = client.__class__()
    assert other.get(reverse("letters:view", args=[letter.number])).status_code == 404
    assert other.post(reverse("letters:track"), {"number": letter.number, "code": "WRONG-CODE"}).status_code == 400
    tracked = other.post(reverse("letters:track"), {"number": letter.number, "code": code})
    assert tracked.status_code == 302
    assert "小区供暖不达标" in other.get(tracked["Location"]).content.decode()

    letter = actions.accept_letter(letter, by=post.officer)
    letter = actions.assign_letter(letter, by=post.officer, org=post.bureau)
    actions.reply_letter(letter, by=post.handler, reply="已整改。")
    rated = other.post(reverse("letters:rate", args=[letter.number]), {"rating": "satisfied"})
    assert rated.status_code == 302
    assert Letter.objects.get().rating == "satisfied"


def test_a_form_with_a_script_is_refused_in_place_and_nothing_is_written(client, post):
    response = client.post(reverse("letters:write", args=["qx-head"]), {**FORM, "content": "<script>x</script>"})
    assert response.status_code == 400
    assert "脚本" in response.content.decode() and not Letter.objects.exists()


def test_writing_is_rate_limited(client, post, monkeypatch):
    monkeypatch.setattr("sunlight.letters.views.public.WRITE_LIMIT", 1)
    assert client.post(reverse("letters:write", args=["qx-head"]), FORM).status_code == 302
    assert client.post(reverse("letters:write", args=["qx-head"]), FORM).status_code == 429
    assert Letter.objects.count() == 1


def staff_urls(letter: Letter) -> list[tuple[str, str]]:
    return [
        ("get", reverse("letters_wb:list")),
        ("get", reverse("letters_wb:detail", args=[letter.pk])),
        *(("post", reverse("letters_wb:act", args=[letter.pk, name])) for name in ("accept", "assign", "reply")),
        ("get", reverse("letters_wb:register")),
        ("get", reverse("letters_wb:export")),
        ("post", reverse("letters_wb:group_create")),
    ]


def test_citizens_and_anonymous_visitors_are_refused_on_every_staff_page(client, post):
    letter, _code = post.written()
    for method, url in staff_urls(letter):
        assert getattr(client, method)(url).status_code == 302, url
    client.force_login(post.cast.citizen)
    for method, url in staff_urls(letter):
        assert getattr(client, method)(url).status_code == 403, url


def test_an_outsider_neither_sees_nor_acts_on_a_letter_of_another_district(client, post):
    letter, _code = post.written()
    client.force_login(post.west_officer)
    assert letter.number not in client.get(reverse("letters_wb:list")).content.decode()
    assert client.get(reverse("letters_wb:detail", args=[letter.pk])).status_code == 404
    assert client.post(reverse("letters_wb:act", args=[letter.pk, "accept"])).status_code == 404
    letter.refresh_from_db()
    assert letter.status == "received"


def test_the_officer_accepts_and_assigns_from_the_workbench_and_the_bureau_answers(client, post):
    letter, _code = post.written()
    client.force_login(post.officer)
    assert client.post(reverse("letters_wb:act", args=[letter.pk, "accept"])).status_code == 302
    page = client.get(reverse("letters_wb:detail", args=[letter.pk])).content.decode()
    assert "转办" in page
    bad = client.post(reverse("letters_wb:act", args=[letter.pk, "assign"]), {"org": ""})
    assert bad.status_code == 400
    ok = client.post(reverse("letters_wb:act", args=[letter.pk, "assign"]), {"org": post.bureau.pk})
    assert ok.status_code == 302
    client.force_login(post.handler)
    assert letter.number in client.get(reverse("letters_wb:list")).content.decode()
    client.post(reverse("letters_wb:act", args=[letter.pk, "reply"]), {"reply": "已整改。"})
    letter.refresh_from_db()
    assert letter.status == "replied" and letter.reply == "已整改。"


def test_a_12345_call_is_registered_and_the_code_shown_on_the_letters_page(client, post):
    client.force_login(post.officer)
    response = client.post(reverse("letters_wb:register"), {**FORM, "mailbox": post.mailbox.pk, "channel": "hotline"})
    assert response.status_code == 302
    letter = Letter.objects.get()
    assert letter.channel == "hotline" and letter.writer_user is None and letter.query_code_hash
    assert "查询码只显示这一次" in client.get(response["Location"]).content.decode()


def test_letters_are_grouped_from_the_queue_and_answered_together(client, post):
    letters = [post.assigned(subject=f"青溪路积水{i}") for i in range(3)]
    client.force_login(post.officer)
    response = client.post(
        reverse("letters_wb:group_create"), {"letter": [x.pk for x in letters], "title": "青溪路积水"}
    )
    assert response.status_code == 302
    group_url = response["Location"]
    client.force_login(post.handler)
    assert "合并答复" in client.get(group_url).content.decode()
    assert client.post(group_url, {"reply": "已疏通排水管道。"}).status_code == 302
    assert Letter.objects.filter(status="replied", reply="已疏通排水管道。").count() == 3
    client.force_login(post.west_officer)
    assert client.get(group_url).status_code == 404


def test_the_queue_exports_as_csv_with_the_same_scope(client, post):
    mine, _code = post.written(subject="导出的来信")
    client.force_login(post.officer)
    body = b"".join(client.get(reverse("letters_wb:export") + "?status=all").streaming_content).decode("utf-8-sig")
    assert "信件编号" in body and mine.number in body and "13800138000" not in body
    client.force_login(post.west_officer)
    body = b"".join(client.get(reverse("letters_wb:export") + "?status=all").streaming_content).decode("utf-8-sig")
    assert mine.number not in body


def test_the_public_statistics_count_the_years_letters_and_name_no_one(client, post):
    post.replied()
    post.written(subject="未办")
    page = client.get(reverse("letters:statistics") + "?year=2026").content.decode()
    assert "2026 年来信办理情况" in page and "张三" not in page and "13800138000" not in page
    from sunlight.letters.stats import year_figures

    t = year_figures(2026, date(2026, 6, 15))
    assert (t["received"], t["answered"], t["on_time"], t["overdue_3m"]) == (2, 1, 1, 0)
    assert t["answer_rate"] == 50.0 and t["months"] == [{"m": 6, "received": 2, "answered": 1, "on_time": 1}]
    assert client.get(reverse("letters:statistics") + "?year=1850").status_code == 404
    assert client.get(reverse("letters:statistics") + "?year=99999999999999999999").status_code == 200
