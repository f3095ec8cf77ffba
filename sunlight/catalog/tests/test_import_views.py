"""The import pages: upload, the run with its progress bar, the error workbook; outsiders refused everywhere."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from sunlight.catalog.models import ImportRun, ServiceItem

from . import builders as b


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def upload(client, capture, crew, rows, **extra):
    b.food_law()
    with capture(execute=True):
        return client.post(reverse("catalog_wb:imports"), {"org": crew.org.pk, "workbook": b.workbook(rows), **extra})


def test_an_editor_uploads_a_workbook_and_the_run_page_shows_what_was_created(
    client, crew, django_capture_on_commit_callbacks
):
    client.force_login(crew.editor)
    response = upload(client, django_capture_on_commit_callbacks, crew, [b.import_row(crew.org)])
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("catalog_wb:import", args=[run.pk])
    assert (run.state, run.created, run.total_rows, run.done_rows) == ("done", 1, 1, 1)
    page = client.get(reverse("catalog_wb:import", args=[run.pk])).content.decode()
    assert "新增 1 个版本" in page and "<progress" in page and "<script" not in page.split("</head>")[1]
    listing = client.get(reverse("catalog_wb:imports")).content.decode()
    assert "事项.xlsx" in listing


def test_the_progress_fragment_is_polled_while_the_run_is_queued(client, crew):
    client.force_login(crew.editor)
    run = ImportRun.objects.create(org=crew.org, by=crew.editor, file_name="a.xlsx", total_rows=200, done_rows=50)
    page = client.get(reverse("catalog_wb:import", args=[run.pk])).content.decode()
    assert reverse("catalog_wb:import_progress", args=[run.pk]) in page and 'hx-trigger="every 2s"' in page
    fragment = client.get(reverse("catalog_wb:import_progress", args=[run.pk])).content.decode()
    assert 'value="25"' in fragment and "已检查 50 / 200 行" in fragment


def test_a_file_with_errors_gives_the_error_workbook_and_writes_nothing(
    client, crew, django_capture_on_commit_callbacks
):
    client.force_login(crew.editor)
    upload(client, django_capture_on_commit_callbacks, crew, [b.import_row(crew.org, promised_limit=30)])
    run = ImportRun.objects.get()
    assert (run.state, run.error_count, ServiceItem.objects.count()) == ("failed", 1, 0)
    response = client.get(reverse("catalog_wb:import_errors", args=[run.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert list(book["错误清单"].iter_rows(values_only=True))[1][:3] == ("事项", 2, "承诺办结时限")


def test_a_renamed_csv_is_refused_at_upload_with_a_400_and_no_run(client, crew):
    client.force_login(crew.editor)
    csv = SimpleUploadedFile("事项.xlsx", "实施编码,版本号\n".encode(), content_type="text/csv")
    response = client.post(reverse("catalog_wb:imports"), {"org": crew.org.pk, "workbook": csv})
    assert response.status_code == 400 and "不是 Excel 工作簿" in response.content.decode()
    assert ImportRun.objects.count() == 0


def test_an_editor_cannot_choose_to_publish_on_import(client, crew):
    client.force_login(crew.editor)
    b.food_law()
    response = client.post(
        reverse("catalog_wb:imports"),
        {"org": crew.org.pk, "workbook": b.workbook([b.import_row(crew.org)]), "publish": "on"},
    )
    assert response.status_code == 403 and ImportRun.objects.count() == 0


def test_the_org_choice_lists_only_the_users_catalog_orgs(client, crew, cast):
    client.force_login(crew.editor)
    page = client.get(reverse("catalog_wb:imports")).content.decode()
    assert cast.east_center.name in page and cast.west_center.name not in page.split("导出事项")[0]


@pytest.mark.parametrize("who", ["outsider", "clerk", "citizen", "anonymous"])
def test_outsiders_are_refused_on_every_endpoint(client, crew, cast, who):
    run = ImportRun.objects.create(org=crew.org, by=crew.editor, file_name="a.xlsx", error_file="x.xlsx")
    user = {"outsider": crew.outsider, "clerk": cast.clerk, "citizen": cast.citizen, "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    for name in ("import", "import_progress", "import_errors"):
        response = client.get(reverse(f"catalog_wb:{name}", args=[run.pk]))
        assert response.status_code in (302, 403, 404), name
    if who != "outsider":  # the outsider has a catalog role in the west: the list and export are theirs
        for name in ("imports", "export"):
            assert client.get(reverse(f"catalog_wb:{name}")).status_code in (302, 403), name
    response = client.post(reverse("catalog_wb:imports"), {"org": crew.org.pk, "workbook": b.workbook([])})
    assert response.status_code in (302, 400, 403) and ImportRun.objects.count() == 1


def test_the_outsider_sees_neither_the_run_nor_the_items_in_an_export(client, crew, django_capture_on_commit_callbacks):
    client.force_login(crew.editor)
    upload(client, django_capture_on_commit_callbacks, crew, [b.import_row(crew.org)])
    client.force_login(crew.outsider)
    assert "事项.xlsx" not in client.get(reverse("catalog_wb:imports")).content.decode()
    response = client.get(reverse("catalog_wb:export"), {"org": crew.org.pk})
    assert response.status_code == 400
    response = client.get(reverse("catalog_wb:export"))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    assert len(list(book["事项"].iter_rows(values_only=True))) == 1  # the header only
