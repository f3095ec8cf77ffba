from django.urls import path

from ..views.workbench import alerts, dashboard, indicators, report, rules, urge

app_name = "supervision_wb"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("data/", dashboard.dashboard_data, name="dashboard_data"),
    path("lights/", dashboard.lights, name="lights"),
    path("alerts/", alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert"),
    path("alerts/<int:pk>/<str:act>/", alerts.alert_act, name="alert_act"),
    path("urge/", urge.urge_list, name="urges"),
    path("urge/new/", urge.urge_new, name="urge_new"),
    path("urge/<int:pk>/", urge.urge_detail, name="urge"),
    path("urge/<int:pk>/<str:act>/", urge.urge_act, name="urge_act"),
    path("indicators/", indicators.indicators, name="indicators"),
    path("indicators/cases/", indicators.drill, name="drill"),
    path("rules/", rules.rule_list, name="rules"),
    path("rules/<str:code>/", rules.rule_edit, name="rule"),
    path("reports/", report.report_list, name="reports"),
    path("reports/<int:pk>/", report.report_detail, name="report"),
    path("reports/<int:pk>/<str:fmt>/", report.report_export, name="report_export"),
]
