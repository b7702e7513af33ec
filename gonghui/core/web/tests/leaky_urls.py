"""A URLconf with the real routes plus two deliberately unscoped views, to prove the walker bites."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from gonghui.core.tree.models import Union
from gonghui.urls import urlpatterns as real_patterns


def leaky_detail(request: HttpRequest, union_id: int) -> HttpResponse:
    # Wrong on purpose: fetches through the unscoped manager.
    return HttpResponse(Union.unscoped.get(pk=union_id).name)


def leaky_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse(", ".join(Union.unscoped.values_list("name", flat=True)))


def leaky_silent(request: HttpRequest, union_id: int) -> HttpResponse:
    # Shows nothing of the object, but confirms it exists: still a leak (must be 404).
    Union.unscoped.get(pk=union_id)
    return HttpResponse("ok")


urlpatterns = [
    *real_patterns,
    path("leaky/<int:union_id>/", leaky_detail, name="leaky_detail"),
    path("leaky/", leaky_list, name="leaky_list"),
    path("leaky/<int:union_id>/silent/", leaky_silent, name="leaky_silent"),
]
