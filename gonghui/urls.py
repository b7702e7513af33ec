from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from gonghui.core import modules
from gonghui.core.figures.views import DashboardAPI
from gonghui.core.ops import views as ops_views
from gonghui.core.tree.api import UnionViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("unions", UnionViewSet, basename="union")
# Every module's API under /api/v1/<its url_prefix> (manifest ``api=``, core/api).
for prefix, viewset, basename in modules.api_routes():
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("", include("gonghui.core.web.urls")),
    path("accounts/", include("gonghui.core.accounts.urls")),
    path("unions/", include("gonghui.core.tree.urls")),
    path("audit/", include("gonghui.core.audit.urls")),
    path("privacy/", include("gonghui.core.privacy.urls")),
    path("reference/", include("gonghui.core.reference.urls")),
    path("workflow/", include("gonghui.core.workflow.urls")),
    path("jobs/", include("gonghui.core.jobs.urls")),
    path("sheets/", include("gonghui.core.sheets.urls")),
    path("access/", include("gonghui.core.access.urls")),
    path("ops/", include("gonghui.core.ops.urls")),
    path("healthz", ops_views.healthz, name="healthz"),
    path("captcha/", include("captcha.urls")),
    path("certificates/", include("gonghui.core.certificates.urls")),
    path("dashboard/", include("gonghui.core.figures.urls")),
    # Every module's pages under its manifest's prefix (core/modules).
    *modules.url_patterns(),
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/dashboard/", DashboardAPI.as_view(), name="api_dashboard"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]

handler400 = "gonghui.core.web.errors.bad_request"
handler403 = "gonghui.core.web.errors.forbidden"
handler404 = "gonghui.core.web.errors.not_found"
