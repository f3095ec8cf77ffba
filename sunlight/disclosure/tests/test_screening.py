"""Automatic screening: what it finds in realistic Chinese text, what it leaves alone, how it masks."""

from datetime import date

import pytest

from sunlight.screening import Match, mask_span, mask_text, screen

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def make_id(area: str, born: str, sequence: str) -> str:
    """An ID number with the right check character, computed here independently of the module."""
    first17 = area + born + sequence
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def wrong_check(id_number: str) -> str:
    return id_number[:17] + ("0" if id_number[17] != "0" else "1")


def luhn_complete(partial: str) -> str:
    """Append the Luhn check digit to ``partial``."""
    for check in "0123456789":
        digits = partial + check
        total = 0
        for index, ch in enumerate(reversed(digits)):
            n = int(ch) * (2 if index % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return digits
    raise AssertionError


def kinds(text, words=()):
    return [(m.kind, m.text) for m in screen(text, words)]


# --- ID numbers ---------------------------------------------------------------------------------


def test_the_widely_published_sample_id_number_is_found():
    text = "申请人王某，公民身份号码11010519491231002X，现住北京市朝阳区。"
    assert kinds(text) == [("id_number", "11010519491231002X")]


@pytest.mark.parametrize(
    "area,born,sequence",
    [
        ("350102", "19850312", "123"),
        ("440305", "20010101", "456"),
        ("650104", "19700630", "007"),
        ("810000", "19991231", "888"),
    ],
)
def test_id_numbers_built_with_a_correct_check_character_are_found(area, born, sequence):
    number = make_id(area, born, sequence)
    text = f"经核实，当事人（身份证号：{number}）于2024年3月在我局办理了相关手续。"
    found = screen(text)
    assert [(m.kind, m.text) for m in found] == [("id_number", number)]
    assert text[found[0].start : found[0].end] == number


def test_a_lowercase_x_check_character_is_accepted():
    assert kinds("身份证号11010519491231002x。") == [("id_number", "11010519491231002x")]


def test_an_id_number_with_a_wrong_check_character_is_not_found():
    number = wrong_check(make_id("350102", "19850312", "123"))
    assert screen(f"身份证号{number}，请核对。") == []


def test_seventeen_digits_are_not_an_id_number():
    number = make_id("350102", "19850312", "123")[:17]
    assert not [m for m in screen(f"编号{number}号") if m.kind == "id_number"]


def test_an_id_number_inside_a_longer_digit_string_is_not_found():
    number = make_id("350102", "19850312", "123")
    assert not [m for m in screen(f"流水号9{number}7记录") if m.kind == "id_number"]
    assert not [m for m in screen(f"流水号{number}1") if m.kind == "id_number"]


def test_an_id_number_with_an_unknown_province_or_impossible_birth_date_is_not_found():
    unknown_province = make_id("990102", "19850312", "123")
    february_30 = make_id("350102", "19850230", "123")
    before_1900 = make_id("350102", "18991231", "123")
    born_tomorrow = make_id("350102", "20300101", "123")
    for number in (unknown_province, february_30, before_1900, born_tomorrow):
        assert not [m for m in screen(f"身份证号{number}。", today=date(2026, 1, 1)) if m.kind == "id_number"], number


def test_a_full_width_id_number_is_found_at_its_offsets_in_the_original_text():
    number = make_id("350102", "19850312", "123")
    wide = number.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789X"})
    text = f"身份证号：{wide}。"
    (match,) = screen(text)
    assert match.kind == "id_number" and match.text == wide and text[match.start : match.end] == wide


# --- mobiles --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "+86 13812345678",
        "+8613812345678",
        "0086-138-1234-5678",
        "+86 138 1234 5678",
        "19912345678",
    ],
)
def test_mobile_numbers_are_found_in_the_usual_ways_of_writing_them(written):
    text = f"如有疑问请联系经办人李女士，联系电话：{written}，工作日受理。"
    assert kinds(text) == [("mobile", written)]


def test_a_mobile_inside_a_longer_digit_run_or_a_landline_is_not_found():
    assert screen("订单编号2138123456789已受理，座机0591-87654321。") == []


def test_a_number_starting_12_is_not_a_mobile():
    assert screen("电话12812345678") == []


def test_several_mobiles_in_a_list_are_each_found():
    text = "值班电话：13812345678 13912345678、15012345678"
    assert [m.text for m in screen(text)] == ["13812345678", "13912345678", "15012345678"]


# --- bank cards -----------------------------------------------------------------------------------


def test_a_luhn_valid_card_number_is_found_plain_and_grouped():
    card19 = luhn_complete("622202020000000000")
    card16 = luhn_complete("622848001234567")
    grouped = " ".join(card16[i : i + 4] for i in range(0, 16, 4))
    text = f"补助资金已发放至户主银行卡（卡号{card19}），另一户卡号 {grouped} 。"
    assert kinds(text) == [("bank_card", card19), ("bank_card", grouped)]


def test_a_luhn_invalid_card_number_is_not_found():
    card = luhn_complete("622202020000000000")
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert screen(f"卡号{wrong}") == []


def test_a_valid_id_number_that_also_passes_luhn_is_reported_once_as_an_id_number():
    for sequence in range(1000):
        number = make_id("350102", "19850312", f"{sequence:03d}")
        if number[-1] != "X" and luhn_complete(number[:-1]) == number:
            break
    else:
        pytest.skip("no such number in this range")
    assert kinds(f"号码{number}") == [("id_number", number)]


# --- e-mail -----------------------------------------------------------------------------------------


def test_email_addresses_are_found_without_the_chinese_punctuation_around_them():
    text = "投诉请发送邮件至zhang.san@example.gov.cn。或联系 li_si+tousu@qq.com，谢谢。"
    assert kinds(text) == [("email", "zhang.san@example.gov.cn"), ("email", "li_si+tousu@qq.com")]


def test_an_at_sign_without_a_domain_is_not_an_email():
    assert screen("请@所有人 注意 a@b") == []


# --- secrecy marks ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "mark",
    [
        "绝密",
        "机密",
        "秘密",
        "机密★1年",
        "秘密★",
        "★秘密",
        "绝密★长期",
        "秘密★2030年12月31日",
        "机密★十年",
        "秘  密",
        "内部",
        "内部资料",
        "内部使用",
        "不予公开",
        "密级",
        "国家秘密",
        "工作秘密",
    ],
)
def test_each_secrecy_marking_is_found_whole(mark):
    text = f"（{mark}）\n关于做好2025年度财政预算执行工作的通知"
    assert kinds(text) == [("secrecy_mark", mark)]


def test_secret_inside_commercial_secret_is_still_flagged_for_the_reviewer():
    assert kinds("涉及商业秘密的内容依法不公开。") == [("secrecy_mark", "秘密")]


def test_ordinary_text_has_no_findings():
    text = "为进一步优化营商环境，现将《关于加快推进政务服务标准化规范化便利化的实施意见》印发给你们，请认真贯彻执行。"
    assert screen(text) == []


# --- words ----------------------------------------------------------------------------------------------


def test_admin_words_are_found_literally_and_case_insensitively_for_latin():
    text = "某某公司在ABC项目中存在问题，另见abc报告和张三丰的说明。"
    assert kinds(text, ["abc", "张三丰", "  ", ""]) == [("word", "ABC"), ("word", "abc"), ("word", "张三丰")]


def test_a_word_that_is_also_a_secrecy_mark_is_reported_once_as_a_secrecy_mark():
    assert kinds("本文件为内部资料。", ["内部资料"]) == [("secrecy_mark", "内部资料")]


def test_full_width_latin_words_match_half_width_admin_words():
    assert kinds("ＸＹＺ公司", ["xyz"]) == [("word", "ＸＹＺ")]


# --- ordering, overlaps, context -------------------------------------------------------------------------


def test_findings_come_in_text_order_without_overlaps():
    number = make_id("350102", "19850312", "123")
    text = f"机密★1年\n张三，身份证号{number}，手机13812345678，邮箱 13912345678@qq.com。内部资料"
    found = screen(text, ["张三"])
    assert [m.kind for m in found] == ["secrecy_mark", "word", "id_number", "mobile", "mobile", "secrecy_mark"]
    assert [m.start for m in found] == sorted(m.start for m in found)
    for earlier, later in zip(found, found[1:]):
        assert earlier.end <= later.start
    assert all(text[m.start : m.end] == m.text for m in found)


def test_the_context_shows_about_thirty_characters_either_side_on_one_line():
    before = "甲" * 40 + "\n" + "乙" * 5
    after = "丙" * 3 + "\r\n\t" + "丁" * 40
    text = f"{before}13812345678{after}"
    (match,) = screen(text)
    assert isinstance(match, Match)
    assert "\n" not in match.context and "\t" not in match.context and "\r" not in match.context
    assert match.context.startswith("甲" * 24 + " " + "乙" * 5 + "13812345678" + "丙" * 3 + " ")
    assert match.context.endswith("丙" + " " + "丁" * 24)


def test_the_context_at_the_start_of_the_text_does_not_wrap_around():
    assert screen("13812345678，请联系")[0].context == "13812345678，请联系"


def test_empty_text_has_no_findings():
    assert screen("") == []


# --- masking -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "found,masked",
    [
        ("11010119900307123X", "110101********123X"),
        ("110101199003071234", "110101********1234"),
        ("6222020200000000000", "622202*********0000"),
        ("6228 4800 1234 5678", "6228 48** **** 5678"),
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138 **** 5678"),
        ("138-1234-5678", "138-****-5678"),
        ("+86 13812345678", "+86 138****5678"),
        ("zhang@example.com", "z****@example.com"),
        ("zhang.san@example.gov.cn", "z********@example.gov.cn"),
        ("机密★1年", "■■■■■"),
        ("内部资料", "■■■■"),
        ("张三丰", "■■■"),
        ("12345", "＊＊＊＊＊"),
    ],
)
def test_each_kind_of_finding_is_masked_as_agreed(found, masked):
    assert mask_text(found) == masked
    assert len(mask_text(found)) == len(found)


def test_mask_span_masks_only_the_span_and_keeps_the_rest_identical():
    text = "联系人：张三丰\n电话：13812345678，邮箱 zhang@example.com。"
    (mobile,) = [m for m in screen(text) if m.kind == "mobile"]
    masked = mask_span(text, mobile.start, mobile.end)
    assert masked == "联系人：张三丰\n电话：138****5678，邮箱 zhang@example.com。"
    assert masked[: mobile.start] == text[: mobile.start] and masked[mobile.end :] == text[mobile.end :]


def test_masking_findings_one_after_another_keeps_the_other_offsets_valid():
    number = make_id("350102", "19850312", "123")
    text = f"张三（{number}），电话138-1234-5678，邮箱zhangsan@example.com，机密★1年。"
    found = screen(text, ["张三"])
    masked = text
    for match in found:  # front to back: lengths never change
        masked = mask_span(masked, match.start, match.end)
    assert masked == f"■■（350102********{number[-4:]}），电话138-****-5678，邮箱z*******@example.com，■■■■■。"
    assert screen(masked, ["张三"]) == []


def test_mask_span_refuses_a_span_outside_the_text():
    with pytest.raises(ValueError):
        mask_span("abc", 2, 5)
