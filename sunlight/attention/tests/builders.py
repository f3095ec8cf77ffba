"""Letters for the analysis: the letters' Post (青溪区's mailbox and housing bureau) and letters written on given days
through the act (the receiver sketches each one once its transaction commits)."""

from __future__ import annotations

from datetime import date

from sunlight.cases.days import acting_on
from sunlight.letters import actions

from ..models import LetterSketch


def write(post, day: date, subject: str, content: str, **kwargs):
    with acting_on(day):
        letter, _code = post.written(subject=subject, content=content, **kwargs)
    return letter


def sketched(letter) -> LetterSketch:
    return LetterSketch.objects.get(letter_id=letter.pk)


__all__ = ["actions", "write", "sketched"]
