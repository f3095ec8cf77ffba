"""One item's guide, its flow chart, checklist PDF, change log and past versions."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404("not built yet")


item = checklist_pdf = flowchart_svg = changes = version = feedback = _todo
