"""The URL map: the doors (admin, API, workbench, portal) and every installed module's own URLs.

A module declares its URLs in its AppConfig (sunlight.modules); nothing here names a module.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import RedirectView

from sunlight import modules
from sunlight.api.main import api
from sunlight.portal.views import healthz

admin.site.site_header = "阳光政务平台 系统管理"
admin.site.site_title = "阳光政务平台"
admin.site.index_title = "系统设置、机构树与工作日历"

SITEMAPS = modules.sitemaps()

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    # One staff sign-in (lockout, second factor, expiry message) for the workbench and the admin alike.
    path("admin/login/", RedirectView.as_view(pattern_name="workbench:login", query_string=True)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    *(path(urls.prefix, include(urls.module)) for urls in modules.public_urls()),
    *(path(urls.prefix, include(urls.module)) for urls in modules.workbench_urls()),
    path("workbench/", include("sunlight.workbench.urls")),
    path("", include("sunlight.portal.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
