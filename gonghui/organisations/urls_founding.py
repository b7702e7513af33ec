from django.http import Http404
from django.urls import path


def _placeholder(request, *args, **kwargs):  # replaced by the real views
    raise Http404


urlpatterns = [path("", _placeholder, name="founding_list")]
