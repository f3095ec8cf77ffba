"""Browse the catalog: landing page, life events, an org's items."""

from django.http import Http404


def _todo(*args, **kwargs):
    raise Http404("not built yet")


index = life_event = org_items = _todo
