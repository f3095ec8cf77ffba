from sunlight.demo.build import build_demo
from sunlight.orgs.models import Org
from sunlight.reports.demo import build_reports
from sunlight.requests.demo import build_requests
from sunlight.requests.models import Appeal, Consultation, InfoRequest, Notice
from sunlight.requests.report import TOTAL, request_table


def test_the_demo_requests_go_through_the_acts_balance_the_2025_table_and_are_built_once(db):
    # One test (requests, then the reports that count them), because building runs every act and renders ~150 PDFs.
    build_demo()
    built = build_requests(count=70, seed=11)
    assert built["created"] == 70
    assert build_requests(count=70, seed=11) == {"created": 0}

    requests = InfoRequest.objects.all()
    categories = set(requests.exclude(outcome=None).values_list("outcome__category", flat=True))
    assert {"disclosed", "partial", "withheld", "unavailable"} <= categories
    assert requests.filter(corrections__gt=0).exists() and requests.filter(extended_days__gt=0).exists()
    assert Consultation.objects.exists() and Appeal.objects.exists()
    assert Notice.objects.filter(kind="reply").count() == requests.filter(status="closed").count()
    assert Notice.objects.filter(kind="receipt").count() == requests.count()

    city = Org.objects.get(name="云川市人民政府")
    table = request_table(InfoRequest.objects.filter(org__path__startswith=city.path), 2025)
    assert table.balanced
    assert table.new[TOTAL] > 0 and table.results_total(TOTAL) > 0 and table.carried_out[TOTAL] > 0

    assert build_reports()["reports"] > 0 and build_reports() == {"figures": 0, "reports": 0}
    # The city's consolidated 2025 report renders in all three formats with the demo's narrative.
    from sunlight.reports import export
    from sunlight.reports.annual import build_report

    data = build_report(city, 2025, "subtree")
    assert data.requests.balanced and data.report is not None and "深入贯彻落实" in data.report.overview
    assert "三、收到和处理政府信息公开申请情况" in export.to_html(data)
    assert export.to_pdf(data).startswith(b"%PDF") and export.to_xlsx(data)[:2] == b"PK"
