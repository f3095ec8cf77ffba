import pytest
from django.core.exceptions import ValidationError

from sunlight.orgs.codes import (
    is_valid_credit_code,
    is_valid_org_code,
    make_credit_code,
    validate_credit_code,
    validate_region_code,
)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L"])
def test_real_published_credit_codes_are_accepted(code):
    assert is_valid_credit_code(code)


@pytest.mark.parametrize(
    "code",
    ["91350100M000100Y44", "91350100M000100Y4", "91350100M000100I43", "", "9135010OM000100Y43"],
)
def test_a_wrong_check_character_length_or_letter_is_refused(code):
    assert not is_valid_credit_code(code)
    with pytest.raises(ValidationError) as info:
        validate_credit_code(code)
    assert "统一社会信用代码" in info.value.messages[0]


def test_built_credit_codes_validate_and_embed_a_valid_org_code():
    code = make_credit_code("11", "990100", "00012345")
    assert len(code) == 18 and is_valid_credit_code(code)
    assert is_valid_org_code(code[8:17])


def test_a_legacy_org_code_is_checked_with_or_without_its_hyphen():
    assert is_valid_org_code("M000100Y4")
    assert not is_valid_org_code("M000100Y5")


@pytest.mark.parametrize(
    "code,level,parent,parent_level",
    [
        ("990000", 1, None, None),
        ("990100", 2, "990000", 1),
        ("990102", 3, "990100", 2),
        ("990102001", 4, "990102", 3),
        ("990102001201", 5, "990102001", 4),
    ],
)
def test_division_codes_of_all_five_levels_are_accepted_under_their_parent(code, level, parent, parent_level):
    validate_region_code(code, level, parent, parent_level)


@pytest.mark.parametrize(
    "code,level,parent,parent_level",
    [
        ("990100", 1, None, None),
        ("990000", 2, "990000", 1),
        ("980100", 2, "990000", 1),
        ("99010", 3, "990100", 2),
        ("990200001", 4, "990102", 3),
        ("abc", 3, None, None),
    ],
)
def test_division_codes_of_the_wrong_shape_or_outside_their_parent_are_refused(code, level, parent, parent_level):
    with pytest.raises(ValidationError):
        validate_region_code(code, level, parent, parent_level)
