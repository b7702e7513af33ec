"""The worker's own hardship files (role 职工): one file's state in plain words; 404 for anything else."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gonghui.assistance import selectors_mine
from gonghui.core.accounts.roles import Role
from gonghui.core.web.http import AuthedRequest


@login_required
@require_GET
def my_application(request: AuthedRequest, file_id: int) -> HttpResponse:
    if request.user.role != Role.WORKER:
        raise Http404("a worker's own page")
    application = selectors_mine.get_my_application(request.user, file_id)
    return render(request, "assistance/mine_application.html", {"application": application})
