"""Importing year figures from CSV or XLSX: all rows checked first; one bad row and nothing is written."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile

from sunlight.events.models import Event
from sunlight.reports.actions import import_year_figures
from sunlight.reports.models import YearFigures

HEADER = "机构代码,机构名称,年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n"


def csv_file(rows: str, encoding: str = "utf-8-sig", name: str = "figures.csv"):
    return SimpleUploadedFile(name, (HEADER + rows).encode(encoding), content_type="text/csv")


def test_a_good_csv_saves_every_row_and_logs_each(rep):
    rows = (
        f"{rep.east.credit_code},青溪区人民政府,2025,120,30,4,12.3456\n"
        f",青溪区教育局,2025,10,0,1,0.5\n"
        f"{rep.east.credit_code},,2024,1,2,3,0\n\n"
    )
    result = import_year_figures(csv_file(rows), by=rep.admin)  # the city's admin may act for both
    assert result.ok and result.saved == 3
    east = YearFigures.objects.get(org=rep.east, year=2025)
    assert (east.licensing_decisions, east.penalty_decisions, east.coercion_decisions, east.fee_income) == (
        120,
        30,
        4,
        Decimal("12.3456"),
    )
    assert YearFigures.objects.get(org=rep.edu, year=2025).fee_income == Decimal("0.5")
    assert Event.objects.filter(verb="reports.year_figures", data__source="import").count() == 3


def test_a_gbk_csv_from_excel_is_read_too(rep):
    result = import_year_figures(csv_file(",青溪区教育局,2025,10,0,1,0.5\n", encoding="gb18030"), by=rep.edu_officer)
    assert result.ok and YearFigures.objects.get(org=rep.edu).licensing_decisions == 10


def test_one_bad_row_means_nothing_is_written_and_every_error_is_listed_by_line(rep):
    rows = (
        f"{rep.east.credit_code},青溪区人民政府,2025,120,30,4,12\n"  # line 2: fine
        f"{rep.east.credit_code},,2024,-1,0,1,0.5\n"  # line 3: negative
        f",没有这个机构,2025,1,0,1,0\n"  # line 4: unknown org
        f",云湖区人民政府,2025,1,0,1,0\n"  # line 5: not the officer's org
        f"{rep.east.credit_code},青溪区人民政府,2025,1,1,1,1\n"  # line 6: duplicate of line 2
        f",青溪区人民政府,1999,1,1,1,1\n"
    )  # line 7: year out of range
    result = import_year_figures(csv_file(rows), by=rep.officer)
    assert not result.ok and result.saved == 0
    assert [line for line, _message in result.errors] == [3, 4, 5, 6, 7]
    assert "第2行" in result.errors[3][1]
    assert not YearFigures.objects.exists() and not Event.objects.filter(verb="reports.year_figures").exists()


def test_an_xlsx_with_english_headers_and_numeric_cells_is_imported(rep):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["org_code", "year", "licensing_decisions", "penalty_decisions", "coercion_decisions", "fee_income"])
    sheet.append([rep.east.credit_code, 2025, 7.0, 8, 9, 1.25])
    out = BytesIO()
    book.save(out)
    result = import_year_figures(SimpleUploadedFile("f.xlsx", out.getvalue()), by=rep.officer)
    assert result.ok, result.errors
    figures = YearFigures.objects.get(org=rep.east, year=2025)
    assert (figures.licensing_decisions, figures.fee_income) == (7, Decimal("1.25"))


def test_missing_columns_or_an_unreadable_file_are_refused_whole(rep):
    result = import_year_figures(
        SimpleUploadedFile("f.csv", "机构名称,年度\n青溪区教育局,2025\n".encode()), by=rep.officer
    )
    assert not result.ok and "缺少列" in result.errors[0][1]
    result = import_year_figures(SimpleUploadedFile("f.xlsx", b"PK\x03\x04 not really a workbook"), by=rep.officer)
    assert not result.ok and "无法读取" in result.errors[0][1]
    assert not import_year_figures(csv_file(""), by=rep.officer).ok
    assert not YearFigures.objects.exists()
