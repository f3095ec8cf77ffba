"""The act forms on a request's workbench page use the shared error summary (issue 9 item 12): a refused act
shows "出现以下问题" with a link to the act's own field (ids carry the act's prefix), and the title says 错误."""

from __future__ import annotations

from datetime import date

from .builders import registered


def test_an_empty_correction_notice_links_to_its_items_field(client, req, today):
    today(date(2026, 3, 3))
    info_request = registered(req)
    client.force_login(req.officer)
    response = client.post(f"/workbench/requests/{info_request.pk}/correction", {"items": "", "correct_by": ""})
    page = response.content.decode()
    assert response.status_code == 400 and "<title>错误：" in page and "data-error-summary" in page
    assert 'href="#correction_items"' in page and 'href="#correction_correct_by"' in page
    assert 'id="correction_items_error"' in page and 'aria-invalid="true"' in page


def test_an_outsider_cannot_act_and_sees_no_form(client, req, today):
    today(date(2026, 3, 3))
    info_request = registered(req)
    client.force_login(req.west_officer)
    response = client.post(f"/workbench/requests/{info_request.pk}/correction", {"items": ""})
    assert response.status_code in (403, 404) and "data-error-summary" not in response.content.decode()
