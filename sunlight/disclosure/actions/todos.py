"""The to-dos an act leaves for the people who act next on a document (after commit, through notify)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from ..models import Document


def notify_role(doc: Document, role: str, title: str, *, level: str = "info") -> None:
    """After commit, put the document on the to-do list of everyone holding `role` in the publishing org."""
    from sunlight.notify.todos import close_todos, feed_role_todos

    def send() -> None:
        close_todos(f"disclosure:{doc.pk}")
        feed_role_todos(
            doc.publisher_id,
            [role],
            f"disclosure:{doc.pk}",
            title,
            url=reverse("disclosure_wb:detail", args=[doc.pk]),
            level=level,
        )

    transaction.on_commit(send)


def close_document_todos(doc: Document) -> None:
    from sunlight.notify.todos import close_todos

    transaction.on_commit(lambda: close_todos(f"disclosure:{doc.pk}"))
