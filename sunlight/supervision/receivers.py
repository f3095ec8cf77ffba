"""Every act re-evaluates what it changed: the objects' post_save, once the act's transaction commits, with the day
the act had (the demo replays history on past days). Connected without a sender (ModuleConfig.receivers), so each
receiver picks its own model."""

from __future__ import annotations

import logging
from datetime import date

from django.db import transaction

from sunlight.cases import days
from sunlight.cases.models import Case, CaseFee, CaseStep
from sunlight.certificates.models import Certificate
from sunlight.letters.models import Letter
from sunlight.projects.models import StageApplication
from sunlight.requests.models import InfoRequest

from .models import Kind

log = logging.getLogger(__name__)


def _later(kind: str, pk: int) -> None:
    day = days.today()
    transaction.on_commit(lambda: _evaluate(kind, pk, day), robust=True)


def _evaluate(kind: str, pk: int, day: date) -> None:
    from .engine import check_certificate, evaluate

    if kind == Kind.CERTIFICATE:
        check_certificate(pk, today=day)
    else:
        evaluate(kind, pk, today=day)


def case_saved(sender, instance, raw=False, **kwargs) -> None:
    if sender is Case and not raw:
        _later(Kind.CASE, instance.pk)


def step_saved(sender, instance, raw=False, **kwargs) -> None:
    if sender in (CaseStep, CaseFee) and not raw:
        _later(Kind.CASE, instance.case_id)


def stage_saved(sender, instance, raw=False, **kwargs) -> None:
    if sender is StageApplication and not raw:
        _later(Kind.STAGE, instance.pk)


def request_saved(sender, instance, raw=False, **kwargs) -> None:
    if sender is InfoRequest and not raw:
        _later(Kind.REQUEST, instance.pk)


def certificate_saved(sender, instance, raw=False, created=False, **kwargs) -> None:
    if sender is Certificate and created and not raw:
        _later(Kind.CERTIFICATE, instance.pk)


def letter_saved(sender, instance, raw=False, **kwargs) -> None:
    if sender is Letter and not raw:
        _later(Kind.LETTER, instance.pk)
