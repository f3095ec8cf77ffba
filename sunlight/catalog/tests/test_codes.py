"""Item codes follow GB/T 39554.1: a 10-character basic code; an implementation code laid out by the setting."""

from __future__ import annotations

import pytest

from sunlight.catalog import codes
from sunlight.catalog.queries import items_citing
from sunlight.catalog.tests.builders import drafted, food_law, published
from sunlight.errors import Conflict, SunlightError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["XK0000100", "XK00000000", "xk00001000", "XK0000100A", ""])
def test_a_malformed_basic_code_is_refused(code):
    with pytest.raises(SunlightError):
        codes.check_basic_code(code)


def test_the_type_letters_must_match_the_kind():
    assert codes.check_basic_code("XK00001000", "permit") == "XK00001000"
    with pytest.raises(SunlightError):
        codes.check_basic_code("CF00001000", "permit")


def test_the_implementation_code_is_laid_out_by_the_setting(crew, settings):
    settings.CATALOG_IMPLEMENTATION_CODE = (("basic", 10), ("region", 6), ("serial", 2))
    version = drafted(crew.org, crew.editor)
    assert version.item.code == "XK00001000" + crew.org.region.code[:6] + "01"
    assert codes.implementation_parts(version.item.code)["serial"] == "01"


def test_a_code_is_never_issued_twice(crew):
    from sunlight.catalog import actions
    from sunlight.catalog.tests.builders import data

    first = drafted(crew.org, crew.editor)
    second = drafted(crew.org, crew.editor, name="另一个名称")
    assert first.item.code.endswith("001") and second.item.code.endswith("002")
    with pytest.raises(Conflict):
        actions.add_item(
            crew.org, data(name="再一个"), by=crew.editor, basic_code="XK00001000", reason="新设", code=first.item.code
        )


def test_an_amended_law_finds_every_item_that_cites_it(crew):
    version = published(crew.org, crew.editor, crew.reviewer)
    other = published(crew.org, crew.editor, crew.reviewer, basic_code="XK00002000", name="小餐饮登记")
    assert set(items_citing(food_law())) == {version.item, other.item}
