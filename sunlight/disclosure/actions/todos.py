"""The to-dos an act leaves for the people who act next on a document (after commit, through notify)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import Document


def notify_role(doc: Document, role: str, title: str, *, level: str = "info") -> None:
    """After commit, put the document on the to-do list of everyone holding `role` in the publishing org."""
    from sunlight.notify.models import Todo
    from sunlight.notify.todos import feed_role_todos

    def send() -> None:
        Todo.objects.filter(key=f"disclosure:{doc.pk}", done_at__isnull=True).update(done_at=timezone.now())
        feed_role_todos(
            doc.publisher_id,
            [role],
            f"disclosure:{doc.pk}",
            title,
            url=reverse("disclosure_wb:detail", args=[doc.pk]),
            level=level,
        )

    transaction.on_commit(send)


def close_todos(doc: Document) -> None:
    from sunlight.notify.models import Todo

    transaction.on_commit(
        lambda: Todo.objects.filter(key=f"disclosure:{doc.pk}", done_at__isnull=True).update(done_at=timezone.now())
    )
