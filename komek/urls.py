from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language

from komek.accounts.urls import audit_urlpatterns
from komek.portal.urls import staff_urlpatterns as portal_staff_urlpatterns


@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


handler404 = "komek.applications.api_schema.not_found"

urlpatterns = [
    path("healthz", healthz),
    path("i18n/setlang/", require_POST(set_language), name="set_language"),
    path("accounts/", include("komek.accounts.urls")),
    path("audit/", include((audit_urlpatterns, "audit"))),
    path("rules/", include("komek.legislation.urls")),
    path("services/", include("komek.applications.urls")),
    path("commissions/", include("komek.commissions.urls")),
    path("benefits/", include("komek.benefits.urls")),
    path("payments/", include("komek.payments.urls")),
    path("employment/", include("komek.employment.urls")),
    path("rehabilitation/", include("komek.rehabilitation.urls")),
    path("category-payments/", include("komek.category_payments.urls")),
    path("budget/", include("komek.budget.urls")),
    path("barrier-free/", include("komek.barrier_free.urls")),
    path("veterans/", include("komek.veterans.urls")),
    path("charity/", include("komek.charity.urls")),
    path("migration/", include("komek.migration.urls")),
    path("centres/", include("komek.centres.urls")),
    path("labour/", include("komek.labour.urls")),
    path("proactive/", include("komek.proactive.urls")),
    path("awards/", include("komek.awards.urls")),
    path("dci/", include("komek.dci.urls")),
    path("my/", include("komek.portal.urls")),
    path("portal/", include((portal_staff_urlpatterns, "portal_staff"))),
    path("jobs/", include("komek.jobs.urls")),
    path("", include("komek.reports.urls")),
    path("", include("komek.registry.urls")),
]
