"""Worker requests in the API (``/api/v1/requests/``): the list, one request and recording one (core/api).

* ``requests/`` — the requests of the caller's subtree (the list's filters), one request (404
  outside it), recording a hotline call or a visit (``StaffRequestForm``, ``request_record``).
  Contact data is masked. The signed-out visitor reaches nothing here: the public form and the
  tracking page are pages, throttled and challenged.
"""

from __future__ import annotations

from rest_framework import serializers

from gonghui.core.api import Endpoint, Write
from gonghui.core.privacy.api import MaskedField
from gonghui.requests import lists, selectors, services
from gonghui.requests.forms import StaffRequestForm
from gonghui.requests.models import Request


class RequestSerializer(serializers.ModelSerializer):
    """A worker request as its handling union keeps it (contact data masked)."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    contact_name = MaskedField(kind="name")
    contact_phone = MaskedField(kind="phone")

    class Meta:
        model = Request
        fields = [
            "id",
            "code",
            "channel",
            "category",
            "category_label",
            "employer",
            "employer_name",
            "contact_name",
            "contact_phone",
            "description",
            "union",
            "union_name",
            "received_on",
            "first_contact_due",
            "answer_due",
            "first_contact_on",
            "answered_on",
            "reply",
            "satisfaction",
            "state",
            "state_label",
            "dispute",
            "hardship_file",
            "transferred_to",
            "created_at",
        ]
        read_only_fields = fields


def _record(c: object) -> Request:
    data = c.form.cleaned_data  # type: ignore[attr-defined]
    return services.request_record(
        actor=c.user,  # type: ignore[attr-defined]
        channel=data["channel"],
        category=data["category"],
        contact_name=data["contact_name"],
        contact_phone=data.get("contact_phone") or "",
        description=data["description"],
        received_on=data["received_on"],
        union=data["union"],
        employer_id=data.get("employer"),
        employer_name=data.get("employer_name") or "",
    )


ENDPOINTS = (
    Endpoint(
        "requests",
        serializer=RequestSerializer,
        list=lists.REQUESTS,  # the page's filters, selector and pager
        get=selectors.get_request_for_user,  # 404 outside the caller's subtree
        lookup="worker_request_id",  # named after its leak sampler
        create=Write(form=StaffRequestForm, service=services.request_record, call=_record),
    ),
)
