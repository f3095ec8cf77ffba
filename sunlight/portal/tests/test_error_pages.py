"""Error pages speak Chinese, keep the site's frame, and say what to do next."""

from django.template.loader import get_template
from django.test import Client


def test_a_missing_page_is_a_chinese_404_with_a_way_back(db, settings):
    settings.DEBUG = False
    response = Client().get("/disclosure/documents/999999999/")
    page = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in page and 'href="/"' in page


def test_a_refused_staff_page_is_a_403_that_gives_the_reason(cast, settings):
    settings.DEBUG = False
    client = Client()
    client.force_login(cast.citizen)
    response = client.get("/workbench/requests/")
    assert response.status_code == 403 and "无权访问" in response.content.decode()


def test_the_500_page_needs_no_context_and_says_nothing_was_saved():
    html = get_template("500.html").render()
    assert "没有保存" in html and "{%" not in html
