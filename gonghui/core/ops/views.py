from __future__ import annotations

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gonghui.core.ops import health, scheduled
from gonghui.core.web.public import public


@public
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For a load balancer: 200 while this server can serve ("ok" or "degraded"), else 503. No personal data."""
    status, checks = health.run_checks()
    body = {"status": status, "checks": {c.name: {"ok": c.ok, **c.detail} for c in checks}}
    return JsonResponse(body, status=503 if status == "fail" else 200)


@login_required
@permission_required("ops.view_status", raise_exception=True)
def status(request: HttpRequest) -> HttpResponse:
    overall, checks = health.run_checks()
    context = {
        "overall": overall,
        "checks": checks,
        "queue": health.job_queue(),
        "periodic": health.periodic_runs(),
        "backups": scheduled.stored_backups()[:10],
        "backup_root": scheduled.backup_root(),
    }
    return render(request, "ops/status.html", context)
