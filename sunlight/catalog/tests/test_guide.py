"""The public guide of one item: every element, suspended and cancelled items, the version in force on a date,
the feedback form and the 一次性告知单 PDF."""

from __future__ import annotations

import io
from datetime import date

import lxml.html
import pytest
from django.urls import reverse

from sunlight.catalog.models import GuideFeedback
from sunlight.catalog.tests.builders import FOOD_LAW, cancelled, changed, drafted, published, suspended

pytestmark = pytest.mark.django_db


@pytest.fixture
def food(crew):
    return published(crew.org, crew.editor, crew.reviewer, on=date(2025, 1, 1))


def _text(response) -> str:
    return " ".join(lxml.html.fromstring(response.content.decode()).text_content().split())


def test_the_guide_shows_every_element_of_the_version_in_force(client, food):
    item = food.item
    response = client.get(reverse("catalog:item", args=[item.pk]))
    assert response.status_code == 200
    text = _text(response)
    for expected in [
        "食品经营许可",
        item.code,
        "XK00001000",
        "行政许可",
        "市场监督管理部门",
        "区市场监督管理局",
        "食品经营监管科",
        "县级",
        "《中华人民共和国食品安全法》第35条第1款",
        "从事食品生产、食品销售、餐饮服务，应当依法取得许可。",
        "具有与经营的食品品种、数量相适应的经营场所",
        "食品经营许可申请书",
        "申请书.docx",
        "复印件",
        "政府部门核发",
        "按情形提交：委托他人办理的",
        "政务服务中心窗口",
        "分管局领导",
        "20 工作日",
        "10 工作日",
        "承诺件",
        "领取许可证",
        "Ⅲ 在线受理",
        "不收费",
        "食品经营许可证",
        "证照",
        "窗口领取、邮寄",
        "青溪区政务服务中心二楼 A01 窗口",
        "工作日 9:00–12:00，13:30–17:00",
        "0999-12345678",
        "12345",
        "依法审查申请材料",
        "对不符合条件的申请准予许可的",
        "双随机抽查",
        "食品经营者名录库",
        "自 2025-01-01 起施行",
    ]:
        assert expected in text, expected
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath("//svg[@role='img']"), "the flow chart is inline"
    assert [li.text_content().split("：")[0] for li in page.xpath("//ol[@class='steps']/li")] == [
        "受理",
        "审查",
        "决定",
        "送达",
    ]
    links = page.xpath("//a/@href")
    assert reverse("catalog:changes", args=[item.pk]) in links
    assert reverse("catalog:checklist", args=[item.pk]) in links
    assert reverse("catalog:feedback", args=[item.pk]) in links
    assert reverse("cases:apply", args=[item.pk]) in links  # the service hall is installed: 在线申请


def test_a_citation_whose_law_was_repealed_after_publishing_is_marked(client, food):
    from sunlight.catalog.models import Law

    url = reverse("catalog:item", args=[food.item_id])
    assert "未能核对" not in _text(client.get(url))
    Law.objects.filter(title=FOOD_LAW).update(repealed_on=date(2026, 1, 1))
    text = _text(client.get(url, {"on": "2026-02-01"}))  # another URL: the cached page of the first read is not it
    assert "未能核对：该法律法规已废止" in text


def test_fees_are_listed_with_their_standard_and_basis(client, crew):
    version = published(
        crew.org,
        crew.editor,
        crew.reviewer,
        charges_fee=True,
        guide={"fees": [{"name": "证书工本费", "standard": "每证10元", "basis": "物价局文件"}]},
    )
    text = _text(client.get(reverse("catalog:item", args=[version.item_id])))
    assert "证书工本费" in text and "每证10元" in text and "物价局文件" in text and "不收费" not in text


def test_a_draft_item_has_no_public_page(client, crew):
    version = drafted(crew.org, crew.editor)
    for name in ["catalog:item", "catalog:changes", "catalog:checklist", "catalog:flowchart", "catalog:feedback"]:
        assert client.get(reverse(name, args=[version.item_id])).status_code == 404, name
    assert client.get(reverse("catalog:item", args=[999999])).status_code == 404


def test_a_suspended_item_shows_the_suspension_and_its_reason(client, crew, food):
    suspended(food.item, crew.editor, crew.reviewer, reason="系统升级，暂停受理")
    response = client.get(reverse("catalog:item", args=[food.item_id]))
    assert response.status_code == 200
    text = _text(response)
    assert "暂停办理" in text and "系统升级，暂停受理" in text and "食品经营许可申请书" in text


def test_a_cancelled_item_says_so_and_keeps_its_history(client, crew, food):
    cancelled(food.item, crew.editor, crew.reviewer, reason="法律修订，取消该许可")
    response = client.get(reverse("catalog:item", args=[food.item_id]))
    assert response.status_code == 200
    text = _text(response)
    assert "已取消" in text and "法律修订，取消该许可" in text
    links = lxml.html.fromstring(response.content.decode()).xpath("//a/@href")
    assert reverse("catalog:version", args=[food.item_id, 1]) in links
    assert client.get(reverse("catalog:checklist", args=[food.item_id])).status_code == 404
    assert client.get(reverse("catalog:feedback", args=[food.item_id])).status_code == 404


def test_on_a_past_date_the_guide_in_force_then_is_shown(client, crew, food):
    changed(food.item, crew.editor, crew.reviewer, on=date(2026, 3, 1), promised_limit=9, reason="压缩承诺时限")
    url = reverse("catalog:item", args=[food.item_id])
    now = _text(client.get(url))
    assert "9 工作日" in now and "第2版" in now
    then = client.get(url, {"on": "2025-06-01"})
    assert then.status_code == 200
    text = _text(then)
    assert "10 工作日" in text and "至 2026-03-01 止" in text and "第1版" in text


def test_a_bad_date_is_a_400_and_a_date_before_the_first_version_a_404(client, food):
    url = reverse("catalog:item", args=[food.item_id])
    for bad in ["2025-13-01", "yesterday", "２０２５-01-01", "2025-1-1"]:
        response = client.get(url, {"on": bad})
        assert response.status_code == 400 and "日期格式不正确" in _text(response), bad
    response = client.get(url, {"on": "2024-12-31"})
    assert response.status_code == 404 and "2024-12-31 该事项没有施行中的办事指南" in _text(response)


def test_a_past_version_is_shown_in_full_with_when_it_was_in_force(client, crew, food):
    changed(food.item, crew.editor, crew.reviewer, on=date(2026, 3, 1), promised_limit=9)
    response = client.get(reverse("catalog:version", args=[food.item_id, 1]))
    assert response.status_code == 200
    text = _text(response)
    assert "自 2025-01-01 起施行，至 2026-03-01 止" in text and "10 工作日" in text and "食品经营许可申请书" in text


def test_an_unpublished_version_number_is_a_404(client, crew, food):
    from sunlight.catalog import actions
    from sunlight.catalog.tests.builders import data

    actions.draft_change(food.item, data(promised_limit=8), by=crew.editor, reason="草稿")
    assert client.get(reverse("catalog:version", args=[food.item_id, 2])).status_code == 404
    assert client.get(reverse("catalog:version", args=[food.item_id, 7])).status_code == 404


def test_the_change_log_lists_every_published_version_with_what_changed(client, crew, food):
    changed(food.item, crew.editor, crew.reviewer, on=date(2026, 3, 1), promised_limit=9, reason="压缩承诺时限")
    response = client.get(reverse("catalog:changes", args=[food.item_id]))
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    headings = [h.text_content() for h in page.xpath("//ol[contains(@class,'change-log')]/li/h2")]
    assert headings == ["第2版 · 变更", "第1版 · 新增"]
    text = _text(response)
    assert "压缩承诺时限" in text and "承诺办结时限 10 工作日 → 9 工作日" in text and "首次发布" in text
    assert "施行时间：2025-01-01 至 2026-03-01" in text


def test_a_split_item_links_to_what_it_became(client, crew, food):
    from sunlight.catalog import actions
    from sunlight.catalog.tests.builders import data

    made = actions.split_item(
        food.item,
        [("XK00001001", data(name="食品经营许可（新办）")), ("XK00001002", data(name="食品经营许可（延续）"))],
        by=crew.editor,
        reason="按新办、延续拆分",
    )
    for version in made:
        actions.submit_version(version, by=crew.editor)
        actions.publish_version(version, by=crew.reviewer)
    text = _text(client.get(reverse("catalog:changes", args=[food.item_id])))
    assert "食品经营许可（新办）" in text and "食品经营许可（延续）" in text and "取消" in text
    back = client.get(reverse("catalog:item", args=[made[0].item_id]))
    assert "由以下事项拆分或合并而来" in _text(back)
    assert reverse("catalog:item", args=[food.item_id]) in lxml.html.fromstring(back.content.decode()).xpath(
        "//a/@href"
    )


def test_a_report_of_a_mistake_is_filed_and_the_reader_thanked(client, food):
    url = reverse("catalog:feedback", args=[food.item_id])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "咨询电话已经改了", "contact": "13800000000"})
    assert response.status_code == 302 and response["Location"] == reverse("catalog:item", args=[food.item_id])
    feedback = GuideFeedback.objects.get()
    assert feedback.text == "咨询电话已经改了" and feedback.version_id == food.pk
    assert "谢谢您的指正" in _text(client.get(response["Location"]))


def test_an_empty_report_shows_the_error_summary_and_files_nothing(client, food):
    response = client.post(reverse("catalog:feedback", args=[food.item_id]), {"text": "  ", "contact": ""})
    assert response.status_code == 400
    page = lxml.html.fromstring(response.content.decode())
    assert page.xpath("//*[@data-error-summary]") and page.findtext(".//title").startswith("错误：")
    assert "请写明指南哪里有错。" in _text(response)
    assert GuideFeedback.objects.count() == 0


def test_reports_from_one_address_are_capped(client, food, monkeypatch):
    from sunlight.catalog.views import guide

    monkeypatch.setattr(guide, "FEEDBACK_LIMIT", 2)
    url = reverse("catalog:feedback", args=[food.item_id])
    codes = [client.post(url, {"text": f"第{i}处错误"}).status_code for i in range(3)]
    assert codes == [302, 302, 429]
    assert GuideFeedback.objects.count() == 2


def test_the_checklist_is_a_pdf_with_the_items_name_and_materials(client, food):
    from pypdf import PdfReader

    response = client.get(reverse("catalog:checklist", args=[food.item_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
    assert "一次性告知单" in text and "食品经营许可" in text and "营业执照" in text and "打印日期" in text


def test_the_flow_chart_is_served_as_svg(client, food):
    from xml.etree import ElementTree

    response = client.get(reverse("catalog:flowchart", args=[food.item_id]))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
    root = ElementTree.fromstring(response.content)
    assert root.get("role") == "img"
    assert "食品经营许可" in root.find("{http://www.w3.org/2000/svg}title").text


def test_the_apply_link_appears_once_the_service_hall_declares_it_and_never_for_a_suspended_item(
    client, crew, food, monkeypatch
):
    from django.urls import NoReverseMatch

    from sunlight.catalog.views import guide

    real = guide.reverse

    def hall(name, *args, **kwargs):
        if name == "cases:apply":
            return f"/hall/apply/{kwargs['args'][0]}/"
        return real(name, *args, **kwargs)

    monkeypatch.setattr(guide, "reverse", hall)
    url = reverse("catalog:item", args=[food.item_id])
    page = lxml.html.fromstring(client.get(url).content.decode())
    assert page.xpath("//a[text()='在线申请']/@href") == [f"/hall/apply/{food.item_id}/"]
    suspended(food.item, crew.editor, crew.reviewer)
    assert "在线申请" not in _text(client.get(url))

    def no_hall(name, *args, **kwargs):
        raise NoReverseMatch(name)

    monkeypatch.setattr(guide, "reverse", no_hall)
    assert guide._apply_url(food.item, food) == ""


def test_a_cancellation_version_says_when_the_item_ended(client, crew, food):
    cancelled(food.item, crew.editor, crew.reviewer)
    text = _text(client.get(reverse("catalog:version", args=[food.item_id, 2])))
    assert "第2版为取消版本" in text
