from django.urls import path

from ..views.workbench import appeals as a
from ..views.workbench import reports as v

app_name = "reports_wb"
urlpatterns = [
    path("", v.report_list, name="list"),
    path("<int:org_id>/<int:year>/", v.report_page, name="report"),
    path("<int:org_id>/<int:year>/narrative", v.narrative, name="narrative"),
    path("<int:org_id>/<int:year>/figures", v.figures, name="figures"),
    path("<int:org_id>/<int:year>/publish", v.publish, name="publish"),
    path("<int:org_id>/<int:year>/export.<str:fmt>", v.export_report, name="export"),
    path("figures/import", v.import_figures, name="import"),
    path("appeals/", a.appeal_list, name="appeals"),
    path("appeals/<int:pk>/decide", a.appeal_decide, name="appeal_decide"),
]
