"""Exports of the annual report: a printable HTML page, a PDF and an XLSX, with the official labels and layout."""

from io import BytesIO

import pytest

from sunlight.errors import SunlightError
from sunlight.reports import export
from sunlight.reports.annual import SECTION_TITLES, build_report
from sunlight.reports.layout import BALANCE_NOTE

from .builders import saved_report

PROACTIVE_LABELS = [
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "本年废止件数",
    "现行有效件数",
    "规章",
    "行政规范性文件",
    "第二十条第（五）项",
    "本年处理决定数量",
    "行政许可",
    "第二十条第（六）项",
    "行政处罚",
    "行政强制",
    "第二十条第（八）项",
    "本年收费金额（单位：万元）",
    "行政事业性收费",
]
REQUEST_LABELS = [
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "3.危及“三安全一稳定”",
    "8.属于行政查询事项",
    "（四）无法提供",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "（七）总计",
    "四、结转下年度继续办理",
]
APPEAL_LABELS = [
    "行政复议",
    "行政诉讼",
    "未经复议直接起诉",
    "复议后起诉",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
]


@pytest.fixture
def data(rep, records):
    saved_report(
        rep,
        overview="2025年，本机关认真贯彻落实条例。\n\n第二段<script>x</script>",
        problems="人员不足。",
        other_matters="无其他事项。",
    )
    return build_report(rep.east, 2025, "org")


def test_the_html_page_has_the_six_sections_in_order_and_every_official_label(data):
    html = export.to_html(data)
    positions = [html.index(title) for title in SECTION_TITLES]
    assert positions == sorted(positions)
    for label in PROACTIVE_LABELS + REQUEST_LABELS + APPEAL_LABELS + [BALANCE_NOTE]:
        assert label in html, label
    assert "<h1>青溪区人民政府2025年政府信息公开工作年度报告</h1>" in html
    assert "size: A4" in html and "Sunlight Serif SC" in html and "Noto" not in html
    assert "&lt;script&gt;" in html and "<script>" not in html  # narrative is text, escaped
    assert "<p>第二段" in html  # blank lines separate paragraphs
    assert "本年度对2件政府信息公开申请收取信息处理费，共计350.50元。" in html


def test_the_tables_are_merged_like_the_official_format(data):
    html = export.to_html(data)
    assert '<th scope="colgroup" colspan="4">第二十条第（一）项</th>' in html
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in html
    assert '<th scope="col" rowspan="2">自然人</th>' in html
    assert '<th scope="rowgroup" rowspan="8">（三）不予公开</th>' in html
    assert '<th scope="rowgroup" rowspan="22">三、本年度办理结果</th>' in html  # 21 outcome rows + （七）总计
    assert '<th scope="colgroup" colspan="10">行政诉讼</th>' in html
    assert f'<td colspan="3" rowspan="3" class="note">{BALANCE_NOTE}</td>' in html


def test_the_pdf_is_a_real_pdf_with_the_reports_text(data):
    from pypdf import PdfReader

    pdf = export.to_pdf(data)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    squeezed = "".join(text.split())
    assert "政府信息公开工作年度报告" in squeezed
    assert "一、总体情况" in squeezed and "结转下年度继续办理" in squeezed and "本年制发件数" in squeezed


def test_the_xlsx_has_a_sheet_per_table_with_the_labels_the_numbers_and_the_merges(data):
    from openpyxl import load_workbook

    book = load_workbook(BytesIO(export.to_xlsx(data)))
    assert book.sheetnames == [
        "报告正文",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、行政复议、行政诉讼情况",
    ]
    text = [row[0] for row in book["报告正文"].iter_rows(values_only=True)]
    assert text[0] == "青溪区人民政府2025年政府信息公开工作年度报告"
    assert [t for t in text if t in SECTION_TITLES] == list(SECTION_TITLES)
    assert "人员不足。" in text

    def cells(sheet):
        return [list(row) for row in book[sheet].iter_rows(values_only=True)]

    proactive = cells("二、主动公开政府信息情况")
    flat = [v for row in proactive for v in row if v is not None]
    assert all(label in flat for label in PROACTIVE_LABELS)
    assert proactive[2][:4] == ["规章", 1, 1, 2] and proactive[3][:4] == ["行政规范性文件", 2, 0, 1]
    assert proactive[6][:2] == ["行政许可", 120] and proactive[-1][:2] == ["行政事业性收费", 12.3456]
    assert "A1:D1" in {str(r) for r in book["二、主动公开政府信息情况"].merged_cells.ranges}

    requests = cells("三、收到和处理政府信息公开申请情况")
    flat = [v for row in requests for v in row if v is not None]
    assert all(label in flat for label in REQUEST_LABELS)
    new_row = next(row for row in requests if row[0] == "一、本年新收政府信息公开申请数量")
    assert new_row[3:] == [2, 1, 1, 0, 1, 0, 5]  # 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
    merged = {str(r) for r in book["三、收到和处理政府信息公开申请情况"].merged_cells.ranges}
    assert "A1:C3" in merged and "E2:I2" in merged

    appeals = cells("四、行政复议、行政诉讼情况")
    assert appeals[0][0] == "行政复议" and appeals[0][5] == "行政诉讼" and appeals[1][5] == "未经复议直接起诉"
    assert appeals[1][10] == "复议后起诉" and appeals[2][5:10] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert appeals[3] == [1, 1, 0, 1, 3, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]


def test_an_unbalanced_report_is_not_exported(data):
    data.requests.carried_out["total"] = data.requests.carried_out.get("total", 0) + 1
    with pytest.raises(SunlightError) as refused:
        export.require_balanced(data)
    assert refused.value.code == "report_unbalanced"
