"""repeats.py: who counts as the same applicant, and which earlier answered requests look like this one."""

from __future__ import annotations

from datetime import date

from sunlight.requests import repeats
from sunlight.requests.models import InfoRequest

from .builders import earlier_rows, registered

BEFORE = date(2026, 2, 23)
ASKED = "2025年城乡低保资金发放明细"


def test_tokens_drop_single_characters_and_punctuation():
    words = repeats.tokens("请提供：2025年 城乡低保资金的发放明细！")
    assert words and all(len(w) >= 2 for w in words)
    assert "的" not in words and "：" not in "".join(words) and "！" not in "".join(words)
    assert repeats.similarity(repeats.tokens(ASKED), repeats.tokens(ASKED)) == 1.0
    assert repeats.similarity(set(), repeats.tokens(ASKED)) == 0.0


def test_an_earlier_answered_request_with_the_same_matter_is_offered_most_similar_first(req):
    same = earlier_rows(req, 1, BEFORE, description="2025年城乡低保资金发放明细")[0]
    close = earlier_rows(req, 1, BEFORE, description="请公开2025年城乡低保资金发放明细")[0]
    unrelated = earlier_rows(req, 1, BEFORE, description="某小区规划许可证及附图")[0]
    info_request = registered(req, description=ASKED)
    found = repeats.find_repeats(info_request)
    assert [info_request.pk for info_request in found] == [same.pk, close.pk]
    assert found[0].similarity == 1.0 and 0.6 <= found[1].similarity < 1.0
    assert unrelated.pk not in [info_request.pk for info_request in found]


def test_only_closed_earlier_requests_of_the_same_applicant_at_the_same_org_count(req):
    earlier_rows(req, 1, BEFORE, description=ASKED, id_number="110105198001010011")  # another applicant
    earlier_rows(req, 1, BEFORE, description=ASKED, org=req.west)  # another agency
    earlier_rows(req, 1, BEFORE, description=ASKED, status="processing")  # not answered yet
    info_request = registered(req, description=ASKED)
    earlier_rows(req, 1, date(2026, 3, 5), description=ASKED)  # later than it
    assert repeats.find_repeats(info_request) == []
    mine = earlier_rows(req, 1, BEFORE, description=ASKED)[0]
    assert [info_request.pk for info_request in repeats.find_repeats(info_request)] == [mine.pk]


def test_the_limit_caps_the_suggestions(req):
    earlier_rows(req, 4, BEFORE, description=ASKED)
    assert len(repeats.find_repeats(registered(req, description=ASKED), limit=2)) == 2


def test_without_an_id_number_the_account_then_the_name_and_type_identify_the_applicant(req):
    by_account = earlier_rows(req, 1, BEFORE, id_number="", applicant_user=req.citizen)[0]
    earlier_rows(req, 1, BEFORE, id_number="", applicant_user=req.supervisor)[0]
    by_name = earlier_rows(req, 1, BEFORE, id_number="")[0]
    other_name = earlier_rows(req, 1, BEFORE, id_number="", applicant_name="李四")[0]
    same_account = InfoRequest.objects.filter(repeats.same_applicant_q(by_account))
    assert set(same_account.values_list("pk", flat=True)) == {by_account.pk}  # not other_account, not by_name
    named = InfoRequest.objects.filter(repeats.same_applicant_q(by_name))
    assert by_name in named and other_name not in named
