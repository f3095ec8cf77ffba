"""To-dos: the kernel service actions call to tell staff what they must do next.

A to-do is keyed (e.g. "request:42:extension:7"): feeding the same key again refreshes it rather than
adding another, and closing by key or key prefix ends every copy at once when the matter is settled.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sunlight.events.log import record

from .models import Todo


def feed_todo(user, key: str, title: str, **fields) -> Todo:
    """Create or refresh one to-do for a user; calling it again with the same key changes nothing new."""
    todo, _created = Todo.objects.update_or_create(user=user, key=key, defaults={"title": title, **fields})
    return todo


def add_new_todos(todos: Iterable[Todo]) -> None:
    """Create to-dos whose keys are new (about objects created in the same transaction, as a bulk
    import's documents): one statement instead of a lookup and an insert each; an existing one is left as it is."""
    Todo.objects.bulk_create(list(todos), batch_size=500, ignore_conflicts=True)


def feed_role_todos(org_id: int, roles: Iterable[str], key: str, title: str, **fields) -> None:
    """The to-do `key` for everyone holding one of `roles` in the org (created or refreshed, reopened)."""
    from sunlight.orgs.models import Membership

    for m in Membership.objects.filter(org_id=org_id, role__in=list(roles), is_active=True).select_related("user"):
        feed_todo(m.user, key, title, done_at=None, **fields)


def close_todos(*keys: str, prefix: str = "") -> int:
    """Mark done, for everyone, the open to-dos with these keys (or starting with `prefix`): the matter they asked
    about is settled. Returns how many were closed."""
    matches = Q(key__in=list(keys))
    if prefix:
        matches |= Q(key__startswith=prefix)
    return Todo.objects.filter(matches, done_at__isnull=True).update(done_at=timezone.now())


@transaction.atomic
def mark_todo_done(todo: Todo, *, by) -> Todo:
    """A member of staff ticks off their own to-do (计入事件记录). Only its owner may."""
    if todo.user_id != by.pk:
        raise PermissionDenied(_("只能处理自己的待办。"))
    if todo.done_at is None:
        todo.done_at = timezone.now()
        todo.save(update_fields=["done_at"])
        record("todo.done", actor=by, obj=todo, data={"key": todo.key})
    return todo
