"""Web bulk import: upload, background run with progress, error report, refusals of bad files and outsiders."""

import csv
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from sunlight.disclosure import actions, import_jobs
from sunlight.disclosure.models import Attachment, Document, ImportJob
from sunlight.errors import SunlightError
from sunlight.events.models import Event

from .builders import make_pdf

HEADER = ["索引号", "名称", "发布机构", "成文日期", "发布日期", "体裁分类", "正文文件", "附件"]
URL = "/workbench/disclosure/imports/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def metadata_csv(rows, header=HEADER, name="meta.csv", encoding="utf-8-sig"):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode(encoding), content_type="text/csv")


def archive(files: dict, name="files.zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for path, data in files.items():
            zf.writestr(path, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def rows(dis):
    code = dis.east.credit_code
    return [
        [
            f"{code}/2024-00001",
            "关于城乡低保标准的通知",
            dis.east.name,
            "2024-03-01",
            "2024-03-05",
            "通知",
            "正文/低保.txt",
            "附件/预算.pdf",
        ],
        [f"{code}/2024-00002", "第二份通知", code, "2024-03-01", "2024-03-02", "通知", "", ""],
        [f"{code}/2024-00003", "缺文件", code, "2024-03-01", "", "通知", "没有这个.txt", ""],
    ]


def files():
    return archive(
        {"正文/低保.txt": "第一段\n第二段：低保标准每人每月900元".encode(), "附件/预算.pdf": make_pdf("Budget 2024")}
    )


def upload(client, capture, dis, metadata, zip_file=None):
    data = {"org": dis.east.pk, "metadata": metadata}
    if zip_file is not None:
        data["files_zip"] = zip_file
    with capture(execute=True):
        return client.post(URL, data)


def test_an_officer_uploads_a_csv_with_a_zip_and_sees_the_job_finish_with_counts(
    client, dis, django_capture_on_commit_callbacks
):
    client.force_login(dis.officer)
    response = upload(client, django_capture_on_commit_callbacks, dis, metadata_csv(rows(dis)), files())
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{URL}{job.pk}/"
    assert (job.status, job.total_rows, job.processed, job.created, job.skipped, job.failed_count) == (
        "done",
        3,
        3,
        2,
        0,
        1,
    )
    assert job.errors == [[4, f"{dis.east.credit_code}/2024-00003", "找不到正文文件“没有这个.txt”。"]]
    doc = Document.objects.get(index_number=f"{dis.east.credit_code}/2024-00001")
    assert "每人每月900元" in doc.body_text
    assert Attachment.objects.get(document=doc).kind == "pdf"
    assert Event.objects.filter(verb="disclosure.import_job.start", object_id=str(job.pk), org=dis.east).exists()
    page = client.get(f"{URL}{job.pk}/").content.decode()
    assert "已处理 3 / 3 行" in page and "<progress" in page and 'role="status"' in page
    assert "hx-get" not in page  # finished: no more polling
    assert "找不到正文文件" in page and f"{URL}{job.pk}/errors.csv" in page
    assert job.filename in client.get(URL).content.decode()


def test_an_xlsx_metadata_file_imports_the_same_way(client, dis, django_capture_on_commit_callbacks):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER)
    for row in rows(dis)[:2]:
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    client.force_login(dis.officer)
    upload(
        client, django_capture_on_commit_callbacks, dis, SimpleUploadedFile("旧网站目录.xlsx", data.getvalue()), files()
    )
    job = ImportJob.objects.get()
    assert (job.status, job.created, job.failed_count) == ("done", 2, 0)
    assert job.filename == "旧网站目录.xlsx"


def test_uploading_the_same_files_again_skips_what_was_imported(client, dis, django_capture_on_commit_callbacks):
    client.force_login(dis.officer)
    upload(client, django_capture_on_commit_callbacks, dis, metadata_csv(rows(dis)), files())
    upload(client, django_capture_on_commit_callbacks, dis, metadata_csv(rows(dis)), files())
    again = ImportJob.objects.order_by("pk").last()
    assert (again.status, again.created, again.skipped, again.failed_count) == ("done", 0, 2, 1)
    assert Document.objects.count() == 2


def test_the_error_report_downloads_as_csv_with_a_bom_and_defused_formulas(
    client, dis, django_capture_on_commit_callbacks
):
    client.force_login(dis.officer)
    bad = rows(dis) + [['=HYPERLINK("http://x")', "公式", dis.east.name, "2024-03-01", "", "通知", "", ""]]
    upload(client, django_capture_on_commit_callbacks, dis, metadata_csv(bad), files())
    job = ImportJob.objects.get()
    response = client.get(f"{URL}{job.pk}/errors.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["行号", "索引号", "错误"]
    assert lines[1][:2] == ["4", f"{dis.east.credit_code}/2024-00003"] and "找不到正文文件" in lines[1][2]
    assert lines[2][:2] == ["5", '\'=HYPERLINK("http://x")']


def test_a_zip_with_a_path_outside_the_archive_is_refused_and_nothing_is_written(
    client, dis, settings, django_capture_on_commit_callbacks
):
    client.force_login(dis.officer)
    response = upload(
        client, django_capture_on_commit_callbacks, dis, metadata_csv(rows(dis)), archive({"../../evil.txt": b"x"})
    )
    assert response.status_code == 400 and "压缩包以外" in response.content.decode()
    assert not ImportJob.objects.exists() and not Document.objects.exists()
    assert not Event.objects.filter(verb__startswith="disclosure.import").exists()
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))


@pytest.mark.parametrize(
    "name, content, refusal",
    [
        ("meta.txt", b"a,b\n", "CSV 或 XLSX"),
        ("meta.xlsx", b"not a spreadsheet", "无法读取 XLSX"),
        ("meta.csv", b"\xef\xbb\xbf\r\n", "是空的"),
        ("meta.csv", b"title,body\n", "缺少必填列：索引号、发布机构、成文日期、体裁分类"),
        ("meta.csv", ",".join(HEADER).encode("gbk") + b"\n", "UTF-8"),
    ],
)
def test_a_metadata_file_that_cannot_be_read_is_refused_with_the_form(
    client, dis, name, content, refusal, django_capture_on_commit_callbacks
):
    client.force_login(dis.officer)
    response = upload(client, django_capture_on_commit_callbacks, dis, SimpleUploadedFile(name, content))
    page = response.content.decode()
    assert response.status_code == 400 and refusal in page and 'enctype="multipart/form-data"' in page
    assert not ImportJob.objects.exists()


def test_zip_bombs_oversized_archives_and_non_zips_are_refused(dis, settings):
    def start(zip_file):
        return actions.start_import(
            by=dis.officer, org=dis.east, metadata_upload=metadata_csv(rows(dis)), zip_upload=zip_file
        )

    with pytest.raises(SunlightError, match="压缩炸弹"):
        start(archive({"zeros.txt": b"\0" * (4 * 1024 * 1024)}))
    with pytest.raises(SunlightError, match="不是有效的 ZIP"):
        start(SimpleUploadedFile("files.zip", b"PK but not really"))
    with pytest.raises(SunlightError, match="ZIP 格式"):
        start(SimpleUploadedFile("files.rar", b"Rar!"))
    settings.DISCLOSURE_IMPORT_MAX_UNCOMPRESSED_BYTES = 1000
    with pytest.raises(SunlightError, match="解压后超过"):
        start(archive({"a.txt": "文字".encode() * 400}))
    assert not ImportJob.objects.exists()


def test_only_disclosure_officers_and_admins_of_the_org_may_start_an_import(dis):
    def start(by, org):
        return actions.start_import(by=by, org=org, metadata_upload=metadata_csv(rows(dis)))

    for user, org in [(dis.reviewer, dis.east), (dis.west_officer, dis.east), (dis.supervisor, dis.east)]:
        with pytest.raises(PermissionDenied):
            start(user, org)
    assert start(dis.admin, dis.east).status == "queued"  # a city admin acts across the subtree


def test_an_archive_with_gbk_file_names_from_chinese_windows_is_read(
    dis, monkeypatch, django_capture_on_commit_callbacks
):
    # zipfile always writes UTF-8 names with the flag set; old Windows tools write GBK without it.
    monkeypatch.setattr(
        zipfile.ZipInfo, "_encodeFilenameFlags", lambda self: (self.filename.encode("gbk"), self.flag_bits & ~0x800)
    )
    zip_file = archive({"正文/低保.txt": "低保正文".encode(), "附件/预算.pdf": make_pdf("Budget")})
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        job = actions.start_import(
            by=dis.officer, org=dis.east, metadata_upload=metadata_csv(rows(dis)[:1]), zip_upload=zip_file
        )
    job.refresh_from_db()
    assert (job.status, job.created, job.errors) == ("done", 1, [])


def test_a_job_runs_once_and_a_crash_fails_it_with_a_message(dis, monkeypatch, caplog):
    job = actions.start_import(by=dis.officer, org=dis.east, metadata_upload=metadata_csv(rows(dis)[1:2]))
    monkeypatch.setattr(import_jobs, "import_documents", lambda *a, **k: 1 / 0)
    import_jobs.run_import(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "系统错误" in job.message and job.finished_at
    assert "import job" in caplog.text
    monkeypatch.undo()
    import_jobs.run_import(job.pk)  # not queued any more: the second delivery does nothing
    assert ImportJob.objects.get(pk=job.pk).status == "failed" and not Document.objects.exists()


def test_the_progress_partial_shows_how_far_a_running_job_is(client, dis):
    job = actions.start_import(by=dis.officer, org=dis.east, metadata_upload=metadata_csv(rows(dis)))
    ImportJob.objects.filter(pk=job.pk).update(
        status="running", total_rows=200, processed=50, created=40, failed_count=10
    )
    client.force_login(dis.officer)
    page = client.get(f"{URL}{job.pk}/").content.decode()
    assert f'hx-get="{URL}{job.pk}/progress"' in page and 'hx-trigger="every 2s"' in page
    response = client.get(f"{URL}{job.pk}/progress", headers={"HX-Request": "true"})
    text = response.content.decode()
    assert 'value="25"' in text and "（25%）" in text and "已处理 50 / 200 行" in text and "失败 10" in text
    assert "HX-Refresh" not in response
    ImportJob.objects.filter(pk=job.pk).update(status="done", processed=200)
    response = client.get(f"{URL}{job.pk}/progress", headers={"HX-Request": "true"})
    assert response["HX-Refresh"] == "true" and "（100%）" in response.content.decode()


def test_an_outsider_is_refused_every_import_page(client, dis):
    job = actions.start_import(by=dis.officer, org=dis.east, metadata_upload=metadata_csv(rows(dis)))
    client.force_login(dis.outsider)
    for url in [URL, f"{URL}{job.pk}/", f"{URL}{job.pk}/progress", f"{URL}{job.pk}/errors.csv"]:
        assert client.get(url).status_code in (403, 404), url
    assert client.post(URL, {"org": dis.east.pk, "metadata": metadata_csv(rows(dis))}).status_code == 403
    assert ImportJob.objects.count() == 1


def test_an_officer_of_another_org_cannot_see_the_job(client, dis):
    job = actions.start_import(by=dis.officer, org=dis.east, metadata_upload=metadata_csv(rows(dis)))
    client.force_login(dis.west_officer)
    assert job.filename not in client.get(URL).content.decode()
    for url in [f"{URL}{job.pk}/", f"{URL}{job.pk}/progress", f"{URL}{job.pk}/errors.csv"]:
        assert client.get(url).status_code == 403, url
    response = client.post(URL, {"org": dis.east.pk, "metadata": metadata_csv(rows(dis))})
    assert response.status_code == 400 and ImportJob.objects.count() == 1  # not one of the orgs offered


def test_a_city_supervisor_watches_imports_below_but_cannot_start_one(client, dis):
    job = actions.start_import(by=dis.officer, org=dis.east, metadata_upload=metadata_csv(rows(dis)))
    client.force_login(dis.supervisor)
    page = client.get(URL).content.decode()
    assert job.filename in page and 'enctype="multipart/form-data"' not in page
    assert client.get(f"{URL}{job.pk}/").status_code == 200
    assert client.post(URL, {"org": dis.east.pk, "metadata": metadata_csv(rows(dis))}).status_code == 403


def test_a_citizen_and_an_anonymous_visitor_are_refused(client, dis):
    job = actions.start_import(by=dis.officer, org=dis.east, metadata_upload=metadata_csv(rows(dis)))
    assert "/workbench/login" in client.get(URL)["Location"]
    client.force_login(dis.citizen)
    for url in [URL, f"{URL}{job.pk}/", f"{URL}{job.pk}/errors.csv"]:
        assert client.get(url).status_code == 403, url


def test_officers_find_bulk_import_from_the_document_list(client, dis):
    client.force_login(dis.officer)
    assert URL in client.get("/workbench/disclosure/").content.decode()
    client.force_login(dis.reviewer)
    assert URL not in client.get("/workbench/disclosure/").content.decode()
