"""GET /api/v1/catalog/: items, versions, the version in force on a date, the lists; staff acts with tokens."""
# No `from __future__ import annotations` here: django-ninja reads the parameter types at import time.

from ninja import Router

router = Router()
