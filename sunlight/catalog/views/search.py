"""Search items and documents together."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404("not built yet")


search = _todo
