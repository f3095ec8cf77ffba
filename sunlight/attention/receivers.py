"""Each saved letter is sketched (or moved to its new org's counts) once its act commits. Connected without a sender
(ModuleConfig.receivers), so the receiver picks letters itself."""

from __future__ import annotations

import logging

from django.db import transaction

from sunlight.letters.models import Letter

log = logging.getLogger(__name__)


def letter_saved(sender, instance, raw=False, **kwargs) -> None:
    if sender is not Letter or raw:
        return
    pk = instance.pk
    transaction.on_commit(lambda: _index(pk), robust=True)


def _index(pk: int) -> None:
    from .sketch import index_letter

    letter = Letter.objects.select_related("mailbox").filter(pk=pk).first()
    if letter is not None:
        index_letter(letter)
