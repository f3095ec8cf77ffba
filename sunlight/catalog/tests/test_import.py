"""Excel import: every row checked by every rule, all errors in one error workbook, all or nothing, idempotent."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from sunlight.catalog.importing import BadWorkbook, import_file
from sunlight.catalog.importing.errors import write_error_workbook
from sunlight.catalog.models import Citation, ServiceItem, ServiceItemVersion
from sunlight.orgs.models import Role

from . import builders as b


def run(crew, rows, *, by=None, publish=False, edit=None):
    b.food_law()
    upload = b.workbook(rows, edit=edit)
    return import_file(upload, org=crew.org, by=by or crew.editor, publish=publish), upload


def messages(outcome) -> str:
    return "\n".join(f"{s}:{r}:{c}:{m}" for s, r, c, m in outcome.errors)


def test_a_valid_workbook_imports_every_version_as_submitted_with_its_lists(crew):
    rows = [b.import_row(crew.org), b.import_row(crew.org, basic_code="XK00002000", name="酒类经营许可")]
    outcome, _ = run(crew, rows)
    assert outcome.errors == [] and outcome.created == 2
    version = ServiceItemVersion.objects.get(item__code=rows[0]["meta"]["code"])
    assert version.state == "submitted" and version.number == 1 and version.drafted_by == crew.editor
    assert [m["name"] for m in version.guide["materials"]] == ["食品经营许可申请书", "营业执照", "授权委托书"]
    assert [s["days"] for s in version.guide["steps"]] == [1, 5, 2, 1]
    assert version.guide["oversight"][0]["random_pool"] == "食品经营者名录库"
    citation = Citation.objects.get(version=version)
    assert (citation.law.title, citation.article, citation.clause) == (b.FOOD_LAW, 35, 1)


def test_importing_the_same_file_again_skips_every_unchanged_version(crew):
    rows = [b.import_row(crew.org)]
    run(crew, rows)
    outcome, _ = run(crew, rows)
    assert (outcome.created, outcome.unchanged, outcome.errors) == (0, 1, [])
    assert ServiceItemVersion.objects.count() == 1


def test_a_stored_version_imported_with_different_content_is_an_error_and_nothing_is_written(crew):
    run(crew, [b.import_row(crew.org)])
    outcome, _ = run(
        crew,
        [b.import_row(crew.org, promised_limit=9), b.import_row(crew.org, basic_code="XK00002000", name="新事项")],
    )
    assert "已发布版本不能修改" in messages(outcome)
    assert outcome.created == 0 and ServiceItem.objects.count() == 1


def test_a_workbook_with_ten_errors_reports_all_ten_and_writes_nothing(crew_west):
    crew = crew_west
    good = b.import_row(crew.org)
    rows = [
        good,
        b.import_row(crew.org, basic_code="XK00002000", name="事项二", promised_limit=30),  # over statutory
        b.import_row(crew.org, basic_code="XK00003000", name="事项三", visits=2, visits_reason=""),
        b.import_row(
            crew.org, basic_code="XK00004000", name="事项四", citations=[{"law_title": "不存在法", "article": 1}]
        ),
        b.import_row(crew.org, basic_code="XK00005000", name="食品经营许可"),  # name taken in the file
        b.import_row(crew.org, basic_code="XK00006000", name="事项六", tier="sub", parent_code="XK99999000"),
        b.import_row(crew.org, basic_code="XK00007000", name="事项七", charges_fee=True),  # fee without standard
        b.import_row(crew.org, basic_code="XK00008000", name="事项八", handling="on_the_spot"),
        b.import_row(crew.org, basic_code="XK00009000", name="事项九", number=2, operation="change"),  # not v1
        b.import_row(
            crew.org, basic_code="XK00010000", name="事项十", guide={"materials": [{"name": "申请书", "source": ""}]}
        ),
        b.import_row(
            crew.org,
            basic_code="XK00011000",
            name="事项十一",
            guide={"steps": [{"name": "受理", "actor": "外区窗口", "actor_org_id": crew.outsider_org_id, "days": 1}]},
        ),
    ]
    outcome, upload = run(crew, rows)
    assert len(outcome.errors) == 10, messages(outcome)
    assert ServiceItem.objects.count() == 0 and ServiceItemVersion.objects.count() == 0
    text = messages(outcome)
    for expected in (
        "limit.promised_within_statutory",
        "visits.reason",
        "basis.resolves",
        "同名",
        "在文件和系统中都不存在",
        "fee.standard",
        "handling.on_the_spot",
        "版本号应为 1",
        "材料:",
        "环节:",
    ):
        assert expected in text
    out = io.BytesIO()
    write_error_workbook(upload, outcome.errors, out)
    book = load_workbook(out, read_only=True)
    listing = list(book["错误清单"].iter_rows(values_only=True))
    assert listing[0] == ("工作表", "行号", "列", "说明") and len(listing) == 11
    items = list(book["事项"].iter_rows(values_only=True))
    assert items[0][-1] == "错误" and not items[1][-1] and "承诺办结时限" in items[2][-1]


@pytest.fixture
def crew_west(crew, cast):
    crew.outsider_org_id = cast.west_center.pk
    return crew


def test_a_step_actor_outside_the_org_is_reported_on_its_step_row(crew_west):
    crew = crew_west
    row = b.import_row(
        crew.org,
        guide={"steps": [{"name": "受理", "actor": "外区窗口", "actor_org_id": crew.outsider_org_id, "days": 1}]},
    )
    outcome, _ = run(crew, [row])
    assert [(s, r, c) for s, r, c, _m in outcome.errors] == [("环节", 2, "办理机构统一社会信用代码")]


def test_rows_of_an_org_the_importer_may_not_act_for_are_refused(crew, cast):
    outcome, _ = run(crew, [b.import_row(cast.west_center)])
    assert "不是您可以导入事项的机构" in messages(outcome) and ServiceItem.objects.count() == 0


def test_a_code_already_used_by_another_org_collides(crew, cast):
    west_editor = crew.outsider
    row = b.import_row(cast.west_center)
    b.food_law()
    import_file(b.workbook([row]), org=cast.west_center, by=west_editor)
    mine = b.import_row(crew.org)
    mine["meta"]["code"] = row["meta"]["code"]
    outcome, _ = run(crew, [mine])
    assert "已被另一机构" in messages(outcome)


def test_circular_main_and_sub_items_are_refused(crew):
    a = b.import_row(crew.org, basic_code="XK00001001", tier="sub", name="甲")
    c = b.import_row(crew.org, basic_code="XK00001002", tier="sub", name="乙")
    a["meta"]["parent_code"], c["meta"]["parent_code"] = c["meta"]["code"], a["meta"]["code"]
    outcome, _ = run(crew, [a, c])
    assert "构成了循环" in messages(outcome) and ServiceItem.objects.count() == 0


def test_a_sub_item_may_come_before_its_main_item_in_the_file(crew):
    main = b.import_row(crew.org, basic_code="XK00001000")
    sub = b.import_row(crew.org, basic_code="XK00001001", tier="sub", name="食品经营许可（延续）")
    sub["meta"]["parent_code"] = main["meta"]["code"]
    outcome, _ = run(crew, [sub, main])
    assert outcome.errors == [], messages(outcome)
    assert ServiceItem.objects.get(code=sub["meta"]["code"]).parent.code == main["meta"]["code"]


def test_a_reviewer_publishes_versions_in_order_with_the_previous_one_in_force_until_the_next(crew, cast):
    crew.reviewer_editor = cast.add_staff("both", crew.org, Role.CATALOG_OFFICER)
    from sunlight.orgs.models import Membership

    Membership.objects.create(user=crew.reviewer_editor, org=crew.org, role=Role.REVIEWER)
    first = date.today() - timedelta(days=100)
    second = date.today() - timedelta(days=10)
    rows = [
        b.import_row(crew.org, effective_from=first),
        b.import_row(
            crew.org, number=2, operation="change", reason="缩短时限", promised_limit=9, effective_from=second
        ),
    ]
    outcome, _ = run(crew, rows, by=crew.reviewer_editor, publish=True)
    assert outcome.errors == [], messages(outcome)
    item = ServiceItem.objects.get()
    v1, v2 = item.versions.order_by("number")
    assert (v1.state, v1.effective_from, v1.effective_until) == ("published", first, second)
    assert (v2.state, v2.effective_until, item.current_id, item.status) == ("published", None, v2.pk, "active")
    from sunlight.search.models import SearchEntry

    assert SearchEntry.objects.filter(kind="service_item", object_id=item.pk).exists()


def test_an_editor_without_review_rights_cannot_publish_by_import(crew):
    outcome, _ = run(crew, [b.import_row(crew.org, effective_from=date.today())], publish=True)
    assert "审核人员或管理员" in messages(outcome) and ServiceItem.objects.count() == 0


def _spoil_headers(book):
    book["事项"]["A1"] = "编码"


def _drop_item_sheet(book):
    book["事项"].title = "Sheet1"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "旧版 Excel"),
        ("实施编码,版本号\nXK,1\n".encode(), "不是 Excel 工作簿"),
        (None, "不是 Excel 工作簿"),  # a zip that is not a workbook, below
    ],
)
def test_foreign_files_are_refused_with_a_chinese_message(crew, content, expected):
    if content is None:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as zf:
            zf.writestr("readme.txt", "hello")
        content = buffer.getvalue()
    with pytest.raises(BadWorkbook) as refused:
        import_file(io.BytesIO(content), org=crew.org, by=crew.editor)
    assert expected in refused.value.message and refused.value.status == 400


@pytest.mark.parametrize(
    ("edit", "expected"), [(_spoil_headers, "缺少列：实施编码"), (_drop_item_sheet, "缺少“事项”工作表")]
)
def test_wrong_headers_or_a_missing_item_sheet_are_refused(crew, edit, expected):
    with pytest.raises(BadWorkbook) as refused:
        run(crew, [b.import_row(crew.org)], edit=edit)
    assert expected in refused.value.message and ServiceItem.objects.count() == 0


def test_a_published_version_imported_for_a_stored_item_closes_the_one_in_force(crew, cast):
    from sunlight.accounts.models import User
    from sunlight.orgs.models import Membership

    v1 = b.published(crew.org, crew.editor, crew.reviewer, on=date.today() - timedelta(days=30))
    Membership.objects.create(user=crew.reviewer, org=crew.org, role=Role.CATALOG_OFFICER)
    importer = User.objects.get(pk=crew.reviewer.pk)
    day = date.today() - timedelta(days=1)
    row = b.import_row(crew.org, number=2, operation="change", reason="缩短时限", promised_limit=9, effective_from=day)
    row["meta"]["code"] = v1.item.code
    outcome, _ = run(crew, [row], by=importer, publish=True)
    assert outcome.errors == [], messages(outcome)
    v1.refresh_from_db()
    v1.item.refresh_from_db()
    assert v1.effective_until == day and v1.item.current.number == 2 and v1.item.current.promised_limit == 9


def test_a_new_version_is_refused_while_the_item_has_one_awaiting_review(crew):
    first = b.import_row(crew.org)
    second = b.import_row(crew.org, number=2, operation="change", reason="再改", promised_limit=9)
    outcome, _ = run(crew, [first, second])
    assert "待审核的版本" in messages(outcome) and ServiceItem.objects.count() == 0
