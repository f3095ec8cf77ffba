from datetime import date, timedelta

import pytest
from django.urls import reverse

from sunlight.attention import actions as attention_actions
from sunlight.attention.duplicates import find_groups, suggest
from sunlight.attention.models import DuplicateSuggestion, LetterSketch, TermDay
from sunlight.attention.sketch import index_many, keywords, signature, similarity
from sunlight.attention.topics import hot_topics
from sunlight.errors import Conflict
from sunlight.letters import actions
from sunlight.letters.models import Letter

from .builders import write

pytestmark = pytest.mark.django_db

HEATING = "入冬以来小区供暖温度不达标，室内只有十几度，请督促供暖公司整改。"
PROPERTY = "小区物业擅自提高物业费，公共区域维修长期无人管理，请住建部门查处物业公司。"
NOISE = "附近工地夜间施工噪音扰民，晚上十一点以后仍在施工，影响居民休息。"


def _index():
    return index_many(Letter.objects.select_related("mailbox").order_by("pk"))


def test_keywords_are_the_matters_words_and_near_copies_have_similar_signatures():
    assert {"供暖", "温度"} <= set(keywords("小区供暖不达标", HEATING))
    a = signature("青溪路积水", "青溪路与学府街交叉口一下雨就积水，行人车辆通行困难，请尽快修整排水。")
    b = signature("青溪路积水", "青溪路与学府街交叉口一下雨就积水，行人车辆通行困难，请尽快修整排水。王先生")
    c = signature("物业收费", PROPERTY)
    assert similarity(a, b) >= 0.7 and similarity(a, c) < 0.2


def test_a_burst_ranks_first_against_its_baseline_and_a_steady_matter_is_no_burst(post):
    for month in (3, 4, 5):
        for i in range(5):
            write(post, date(2026, month, 3 + i), "物业收费", PROPERTY)
    for i in range(15):
        write(post, date(2026, 6, 1 + i % 14), "供暖不达标", HEATING)
    for i in range(5):
        write(post, date(2026, 6, 2 + i), "物业收费", PROPERTY)
    assert _index() == 35
    hot = hot_topics(2026, 6)
    assert hot[0].term == "供暖" and hot[0].count == 15 and hot[0].burst
    wuye = next(t for t in hot if t.term == "物业")
    assert wuye.count == 5 and wuye.baseline == 5.0 and not wuye.burst


def test_hot_topics_by_area_count_only_that_areas_letters(post, cast):
    write(post, date(2026, 6, 2), "供暖不达标", HEATING, region=cast.east_region)
    write(post, date(2026, 6, 3), "工地噪音", NOISE, region=cast.west_region)
    _index()
    east = [t.term for t in hot_topics(2026, 6, f"r{cast.east_region.pk}")]
    assert "供暖" in east and "噪音" not in east
    org = [t.term for t in hot_topics(2026, 6, f"o{post.office.pk}")]
    assert "供暖" in org and "噪音" in org


def test_a_matter_written_thirty_times_with_small_edits_is_one_group_and_others_stay_out(post):
    day = date(2026, 6, 10)
    base = "青溪路与学府街交叉口一下雨就积水，行人车辆通行困难，请尽快修整排水设施。"
    names = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏"
    dupes = [
        write(post, day - timedelta(days=i % 20), "青溪路积水", base + f"我是{names[i]}先生，住在附近{i + 1}号楼。")
        for i in range(30)
    ]
    others = [write(post, day, "供暖不达标", HEATING), write(post, day, "工地噪音", NOISE)]
    _index()
    groups = find_groups(day)
    assert len(groups) == 1
    ids, sim, _same = groups[0]
    assert set(ids) == {x.pk for x in dupes} and sim >= 0.5
    assert not {x.pk for x in others} & set(ids)
    assert suggest(day) == 1 and suggest(day) == 0  # never suggested twice
    suggestion = DuplicateSuggestion.objects.get()
    assert suggestion.title == "青溪路积水" and suggestion.org_id == post.office.pk


def test_a_suggestion_is_merged_by_the_dispatcher_and_answered_in_one_act(client, post):
    day = date(2026, 6, 10)
    text = "青溪路与学府街交叉口一下雨就积水，行人车辆通行困难，请尽快修整排水设施。"
    letters = [write(post, day, "青溪路积水", text + "谢谢。" * i) for i in range(3)]
    _index()
    suggest(day)
    suggestion = DuplicateSuggestion.objects.get()
    client.force_login(post.west_officer)
    assert client.post(reverse("attention_wb:merge", args=[suggestion.pk])).status_code == 404
    client.force_login(post.officer)
    page = client.get(reverse("attention_wb:index")).content.decode()
    assert "青溪路积水" in page
    response = client.post(reverse("attention_wb:merge", args=[suggestion.pk]), {"title": "青溪路积水"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "merged"
    group_id = Letter.objects.get(pk=letters[0].pk).group_id
    assert group_id and Letter.objects.filter(group_id=group_id).count() == 3
    with pytest.raises(Conflict):
        attention_actions.merge_suggestion(suggestion, by=post.officer)


def test_dismissing_needs_a_reason(post):
    day = date(2026, 6, 10)
    text = "青溪路与学府街交叉口一下雨就积水，行人车辆通行困难，请尽快修整排水设施。"
    for i in range(2):
        write(post, day, "青溪路积水", text + "谢谢。" * i)
    _index()
    suggest(day)
    suggestion = DuplicateSuggestion.objects.get()
    from sunlight.errors import SunlightError

    with pytest.raises(SunlightError):
        attention_actions.dismiss_suggestion(suggestion, by=post.officer, reason=" ")
    assert attention_actions.dismiss_suggestion(suggestion, by=post.officer, reason="不同路段").status == "dismissed"


def test_the_public_topic_page_lists_only_published_letters(client, post):
    hidden = write(post, date(2026, 6, 2), "供暖不达标", HEATING)
    shown = write(post, date(2026, 6, 3), "供暖温度低", HEATING)
    for letter in (hidden, shown):
        letter = actions.accept_letter(letter, by=post.officer)
        letter = actions.assign_letter(letter, by=post.officer, org=post.bureau)
        actions.reply_letter(letter, by=post.handler, reply="已整改。")
    actions.publish_letter(Letter.objects.get(pk=shown.pk), by=post.officer)
    _index()
    index = client.get(reverse("attention:index") + "?month=2026-06").content.decode()
    assert "供暖" in index
    page = client.get(reverse("attention:topic") + "?term=供暖&month=2026-06").content.decode()
    assert shown.number in page and hidden.number not in page
    assert client.get(reverse("attention:index") + "?month=2026-13").status_code == 404
    assert client.get(reverse("attention:trend") + "?month=2026-06").json()["series"]["供暖"][-1] == 2
    assert client.get("/api/v1/attention/hot", {"month": "2026-06"}).json()[0]["term"]
    assert client.get("/api/v1/attention/hot", {"month": "June"}).status_code == 400


def test_the_monthly_summary_pdf_renders_for_staff_and_not_for_outsiders(client, post, cast):
    write(post, date(2026, 6, 2), "供暖不达标", HEATING)
    _index()
    assert client.get(reverse("attention_wb:summary") + "?month=2026-06").status_code == 302
    client.force_login(cast.citizen)
    assert client.get(reverse("attention_wb:summary") + "?month=2026-06").status_code == 403
    client.force_login(post.officer)
    response = client.get(reverse("attention_wb:summary") + "?month=2026-06")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


@pytest.mark.django_db(transaction=True)
def test_each_letter_is_sketched_after_its_act_and_moves_to_the_org_it_is_assigned_to(post, seeded_tables):
    letter, _code = post.written(subject="供暖不达标", content=HEATING)
    sketch = LetterSketch.objects.get(letter_id=letter.pk)
    assert sketch.org_id == post.office.pk and " 供暖 " in sketch.terms
    letter = actions.accept_letter(letter, by=post.officer)
    actions.assign_letter(letter, by=post.officer, org=post.bureau)
    assert LetterSketch.objects.get(letter_id=letter.pk).org_id == post.bureau.pk
    day = letter.received_on
    assert TermDay.objects.get(scope=f"o{post.bureau.pk}", day=day, term="供暖").n == 1
    assert TermDay.objects.get(scope=f"o{post.office.pk}", day=day, term="供暖").n == 0
    assert TermDay.objects.get(scope="all", day=day, term="供暖").n == 1


def test_an_outsider_neither_sees_nor_decides_another_districts_suggestions(client, post, cast):
    day = date(2026, 6, 10)
    text = "青溪路与学府街交叉口一下雨就积水，行人车辆通行困难，请尽快修整排水设施。"
    for i in range(2):
        write(post, day, "青溪路积水", text + "谢谢。" * i)
    _index()
    suggest(day)
    suggestion = DuplicateSuggestion.objects.get()
    for outsider in (post.west_officer, post.handler):
        client.force_login(outsider)
        assert "青溪路积水" not in client.get(reverse("attention_wb:index")).content.decode()
        assert client.post(reverse("attention_wb:dismiss", args=[suggestion.pk]), {"reason": "x"}).status_code == 404
        assert client.post(reverse("attention_wb:merge", args=[suggestion.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("attention_wb:index")).status_code == 302
    client.force_login(cast.citizen)
    assert client.get(reverse("attention_wb:index")).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
