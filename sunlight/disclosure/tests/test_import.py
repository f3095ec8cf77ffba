"""Bulk import: per-row errors, idempotent re-runs keyed by 索引号, files from a folder."""

import csv

import pytest
from django.core.management import call_command
from django.urls import reverse

from sunlight.disclosure.importing import import_documents, read_rows
from sunlight.disclosure.models import Document, Finding
from sunlight.search import service as search

from .builders import ID


def write_csv(path, rows):
    header = [
        "索引号",
        "名称",
        "发布机构",
        "成文日期",
        "发布日期",
        "文号",
        "主题分类",
        "体裁分类",
        "有效性",
        "正文文件",
        "重点领域",
        "状态",
    ]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


@pytest.mark.parametrize("workers", [1, 2])
def test_rows_import_with_a_per_row_error_report_and_reruns_skip_what_exists(dis, tmp_path, workers):
    code = dis.east.credit_code
    (tmp_path / "a.html").write_text("<p>关于城乡低保的正文</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text(f"第一段\n申请人身份证{ID}", encoding="utf-8")
    write_csv(
        tmp_path / "meta.csv",
        [
            [
                f"{code}/2024-00001",
                "关于城乡低保标准的通知",
                dis.east.name,
                "2024-03-01",
                "2024-03-05",
                "青政发〔2024〕1号",
                "1601",
                "通知",
                "有效",
                "a.html",
                "社会保障",
                "已发布",
            ],
            [
                f"{code}/2024-00002",
                "第二份",
                code,
                "2024-03-01",
                "2024-03-02",
                "",
                "",
                "通知",
                "有效",
                "b.txt",
                "",
                "已发布",
            ],
            [f"{code}/2024-00003", "坏日期", code, "2024-13-01", "", "", "", "通知", "有效", "", "", "已发布"],
            [
                f"{dis.west.credit_code}/2024-00001",
                "别人的",
                code,
                "2024-03-01",
                "",
                "",
                "",
                "通知",
                "有效",
                "",
                "",
                "已发布",
            ],
            ["bad", "坏索引号", code, "2024-03-01", "", "", "", "通知", "有效", "", "", "已发布"],
            [f"{code}/2024-00004", "缺文件", code, "2024-03-01", "", "", "", "通知", "有效", "nope.pdf", "", "已发布"],
        ],
    )
    report = import_documents(read_rows(tmp_path / "meta.csv"), by=dis.officer, files_dir=tmp_path, workers=workers)
    assert (report.total, report.created, len(report.failed)) == (6, 2, 4)
    assert [line for line, _n, _m in report.failed] == [4, 5, 6, 7]
    found = search.search(search.SearchQuery(text="低保"))
    doc = Document.objects.get(index_number=f"{code}/2024-00001")
    assert (
        found.total == 1
        and found.hits[0].object_id == doc.pk
        and found.hits[0].url == reverse("disclosure:document", args=[doc.pk])
    )
    assert Finding.objects.filter(kind="id_number").exists()
    assert dis.officer.todos.filter(key__startswith="import-findings").exists()
    again = import_documents(read_rows(tmp_path / "meta.csv"), by=dis.officer, files_dir=tmp_path, workers=workers)
    assert again.created == 0 and again.skipped == 2
    assert Document.objects.count() == 2


def test_an_officer_cannot_import_for_another_org(dis, tmp_path):
    write_csv(
        tmp_path / "meta.csv",
        [
            [
                f"{dis.west.credit_code}/2024-00001",
                "x",
                dis.west.name,
                "2024-03-01",
                "",
                "",
                "",
                "通知",
                "有效",
                "",
                "",
                "已发布",
            ]
        ],
    )
    report = import_documents(read_rows(tmp_path / "meta.csv"), by=dis.officer)
    assert report.created == 0 and "无权" in report.failed[0][2]


def test_the_command_shows_progress_and_writes_the_error_report(dis, tmp_path, capsys):
    code = dis.east.credit_code
    write_csv(
        tmp_path / "meta.csv",
        [
            [f"{code}/2024-00001", "好的", code, "2024-03-01", "", "", "", "通知", "有效", "", "", "已发布"],
            [f"{code}/2024-00002", "", code, "2024-03-01", "", "", "", "通知", "有效", "", "", "已发布"],
        ],
    )
    call_command(
        "import_documents", str(tmp_path / "meta.csv"), "--by", "officer", "--errors", str(tmp_path / "err.csv")
    )
    captured = capsys.readouterr()
    assert "2/2" in captured.err and "新增 1" in captured.out
    assert "名称不能为空" in (tmp_path / "err.csv").read_text(encoding="utf-8-sig")


def test_xlsx_metadata_is_read_too(dis, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["索引号", "名称", "发布机构", "成文日期", "体裁分类"])
    sheet.append([f"{dis.east.credit_code}/2023-00007", "表格导入", dis.east.name, "2023-05-06", "公告"])
    book.save(tmp_path / "meta.xlsx")
    report = import_documents(read_rows(tmp_path / "meta.xlsx"), by=dis.officer)
    assert report.created == 1 and Document.objects.get().genre.name == "公告"
