"""Excel import and export."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404("not built yet")


import_list = import_detail = import_progress = import_errors = export = _todo
