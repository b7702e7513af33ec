"""The public verification page: anyone holding a certificate checks its number."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gonghui.core.certificates.forms import VerifyForm
from gonghui.core.certificates.selectors import certificate_by_number
from gonghui.core.privacy.masking import mask
from gonghui.core.web.public import public, throttle


@public
@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Whether the number is a certificate the platform issued, by whom, to whom (masked) and for what."""
    form = VerifyForm(request.GET or None)
    context: dict[str, object] = {"form": form, "asked": False}
    if form.is_bound and form.is_valid():
        refusal = throttle(request, "certificates.verify", limit=30, per=60)
        if refusal:
            form.add_error(None, refusal)
        else:
            certificate = certificate_by_number(form.cleaned_data["number"])
            context["asked"] = True
            context["certificate"] = certificate
            if certificate is not None:
                context["holder"] = mask("name", certificate.holder_name)
    return render(request, "certificates/verify.html", context)
