"""What search knows of a document. Only published, proactively disclosed documents are in the index."""

from __future__ import annotations

from django.urls import reverse

from sunlight.notify.public_cache import public_changed
from sunlight.search import service as search

from .models import Document

KIND = "document"


def entry_for(doc: Document) -> search.IndexEntry:
    areas = list(doc.key_areas.all())
    area_ids = sorted({a.pk for a in areas} | {a.parent_id for a in areas if a.parent_id})
    attachment_text = "\n".join(a.text for a in doc.attachments.all() if a.text)
    return search.IndexEntry(
        kind=KIND,
        object_id=doc.pk,
        org_id=doc.publisher_id,
        org_path=doc.publisher.path,
        title=doc.title,
        summary=doc.summary,
        body=f"{doc.body_text}\n{attachment_text}".strip(),
        url=reverse("disclosure:document", args=[doc.pk]),
        published_at=doc.published_at,
        index_number=doc.index_number,
        doc_number=doc.doc_number,
        topic_id=doc.topic_id,
        topic_parent_id=doc.topic.parent_id if doc.topic_id else None,
        genre_id=doc.genre_id,
        validity=doc.validity,
        key_area_ids=area_ids,
        keywords=doc.keywords,
    )


def reindex(doc: Document) -> None:
    """Bring the index (and the public page cache) in line with the document, in the caller's transaction."""
    public_changed("disclosure")
    if doc.is_public:
        search.index(entry_for(doc))
    else:
        search.remove(KIND, doc.pk)
