"""The lists: powers, duties, negative list, oversight."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404("not built yet")


powers = duties = negative = oversight = _todo
