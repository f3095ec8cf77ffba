"""What a bulk import writes without model instances (sunlight.bulk) is what the ORM would have written."""

from datetime import date

from sunlight.clock.calendar import get_calendar
from sunlight.disclosure.actions.publishing import late_publication
from sunlight.disclosure.importing import import_documents
from sunlight.disclosure.index_numbers import next_index_number
from sunlight.disclosure.models import Document, Finding, IndexSerial
from sunlight.events.log import events_for, verify_chain

from .builders import ID, draft, make_pdf


def _row(dis, serial: int, **fields) -> dict:
    return {
        "index_number": f"{dis.east.credit_code}/2024-{serial:05d}",
        "title": f"关于第{serial}批补贴发放的通知",
        "publisher": dis.east.name,
        "created_on": "2024-03-01",
        "published_at": "2024-04-30",
        "genre": "通知",
        "topic": "1002",
        "key_areas": "政府采购",
        "body": "<p>补贴发放名单公示。</p>",
        **fields,
    }


def test_imported_documents_have_every_column_key_areas_lateness_and_a_chained_event(dis):
    report = import_documents(
        enumerate([_row(dis, 7), _row(dis, 8, status="草稿", published_at="")], start=2), by=dis.officer
    )
    assert report.created == 2
    published = Document.objects.get(index_number__endswith="-00007")
    draft_doc = Document.objects.get(index_number__endswith="-00008")
    assert (published.status, draft_doc.status, published.source) == ("published", "draft", "import")
    assert published.topic == dis.education and published.genre == dis.notice
    assert list(published.key_areas.all()) == [dis.procurement]
    assert published.body_text == "补贴发放名单公示。" and published.created_at is not None
    assert (published.scope, published.time_limit, published.withdrawn_reason) == ("public", "permanent", "")
    expected = late_publication(date(2024, 3, 1), published.published_at)
    assert (published.publication_working_days, published.published_late) == expected
    assert draft_doc.publication_working_days is None and draft_doc.published_late is False
    [event] = events_for(published)
    assert (event.verb, event.actor, event.org, event.object_label) == (
        "disclosure.import",
        dis.officer,
        dis.east,
        published.title,
    )
    assert event.data == {"index_number": published.index_number, "status": "published", "late": expected[1]}
    assert verify_chain().ok


def test_documents_created_after_an_import_get_ids_the_import_did_not_use(dis):
    import_documents(enumerate([_row(dis, 1), _row(dis, 2)], start=2), by=dis.officer)
    imported = set(Document.objects.values_list("pk", flat=True))
    later = draft(dis)
    assert later.pk > max(imported)


def test_the_index_number_counter_is_raised_past_imported_serials_but_never_lowered(dis):
    get_calendar()  # loaded, as in production
    IndexSerial.objects.create(publisher=dis.west, period="2024", last=50)
    import_documents(enumerate([_row(dis, 12), _row(dis, 30)], start=2), by=dis.officer)
    assert IndexSerial.objects.get(publisher=dis.east, period="2024").last == 30
    west_row = dict(_row(dis, 9), index_number=f"{dis.west.credit_code}/2024-00009", publisher=dis.west.name)
    import_documents(enumerate([west_row], start=2), by=dis.west_officer)
    assert IndexSerial.objects.get(publisher=dis.west, period="2024").last == 50
    assert next_index_number(dis.east, date(2024, 6, 1)).endswith("/2024-00031")


def test_a_finding_in_an_imported_document_gives_each_officer_of_its_publisher_one_todo(dis):
    second = dis.add_staff("officer2", dis.east, "disclosure_officer")
    body = f"<p>申请人身份证{ID}</p>"
    import_documents(enumerate([_row(dis, 3, body=body), _row(dis, 4)], start=2), by=dis.officer)
    flagged = Document.objects.get(index_number__endswith="-00003")
    assert list(Finding.objects.values_list("document_id", "kind")) == [(flagged.pk, "id_number")]
    for officer in (dis.officer, second):
        [todo] = officer.todos.filter(key__startswith="import-findings")
        assert todo.key == f"import-findings:{flagged.pk}" and str(flagged.pk) in todo.url
    assert not dis.west_officer.todos.exists()


def test_an_imported_attachment_is_stored_and_a_finding_in_it_points_at_it(dis, tmp_path):
    (tmp_path / "list.pdf").write_bytes(make_pdf(f"ID {ID}"))
    import_documents(enumerate([_row(dis, 5, attachments="list.pdf")], start=2), by=dis.officer, files_dir=tmp_path)
    doc = Document.objects.get(index_number__endswith="-00005")
    [attachment] = doc.attachments.all()
    assert (attachment.name, attachment.kind) == ("list.pdf", "pdf") and ID in attachment.text
    assert attachment.file.read().startswith(b"%PDF")
    [finding] = Finding.objects.filter(document=doc)
    assert (finding.attachment_id, finding.kind) == (attachment.pk, "id_number")
