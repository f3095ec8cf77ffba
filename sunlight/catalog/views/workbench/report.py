"""The catalog-wide consistency report."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404("not built yet")


consistency_report = _todo
