"""Schemathesis over /api/v1/openapi.json: no input, with or without a staff token, gets a 5xx.

In the pytest suite (not a separate .ci/run step) so it runs on SQLite and on PostgreSQL alike, against the
real WSGI application (schemathesis' WSGI transport) inside the test's database transaction with the fixed
cast. Hypothesis is derandomized and the example count small, so the run is the same every time and short.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from sunlight.accounts.models import ApiToken

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())

FUZZ = settings(
    max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """The WSGI handler closes database connections when a request ends (close_old_connections); on PostgreSQL
    that would close the test's own transaction. Django's test client unhooks it for the same reason."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(cast):
    return ApiToken.issue(cast.supervisor, "fuzz")[1]


@schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_no_anonymous_input_is_a_server_error(case, cast):
    case.call_and_validate(checks=[not_a_server_error])


@schema.parametrize()
@FUZZ
@pytest.mark.django_db
def test_no_input_with_a_staff_token_is_a_server_error(case, token):
    case.call_and_validate(checks=[not_a_server_error], headers={"Authorization": f"Bearer {token}"})
