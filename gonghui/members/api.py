"""The member registry in the API (``/api/v1/members/``): the pages' lists, objects and writes (core/api).

* ``workers/`` — workers and members (the list's filters, keyset pages as the page walks them),
  one worker (recorded as viewed, as the page records it), adding a member through the page's
  ``MemberAddForm`` and ``member_add`` (the person found again by ID number, or registered, and
  their joining), and changing a worker through ``WorkerForm`` and ``worker_update``;
* ``memberships/`` — every membership in scope (the rows the members' figures count);
* ``transfers/`` and ``follow-up/`` — the transfers and the members to follow up.

ID numbers and mobile numbers are always masked.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from rest_framework import serializers

from gonghui.core.api import Context, Endpoint, MaskedField, Write
from gonghui.members import lists, selectors, services
from gonghui.members.forms import MemberAddForm, WorkerForm
from gonghui.members.models import Membership, MembershipEvent, Worker


class WorkerSerializer(serializers.ModelSerializer):
    """A worker (职工) and their membership status; ID and mobile numbers masked."""

    id_number = MaskedField()
    phone = MaskedField()
    union_name = serializers.CharField(source="union.name", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True, allow_null=True, default=None)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    member_status_label = serializers.CharField(source="get_member_status_display", read_only=True)

    class Meta:
        model = Worker
        fields = [
            "id",
            "name",
            "id_number",
            "phone",
            "sex",
            "birth_date",
            "union",
            "union_name",
            "employer",
            "employer_name",
            "category",
            "category_label",
            "member_status",
            "member_status_label",
            "card_number",
            "ethnic_group",
            "education",
            "skill_level",
            "household_type",
            "household_place",
            "native_place",
        ]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    """A worker's membership of one union (会籍), from joining or transfer in to its end."""

    worker_name = serializers.CharField(source="worker.name", read_only=True)
    worker_id_number = MaskedField(kind="id_number", source="worker.id_number")
    union_name = serializers.CharField(source="union.name", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True, allow_null=True, default=None)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "worker",
            "worker_name",
            "worker_id_number",
            "union",
            "union_name",
            "employer",
            "employer_name",
            "status",
            "status_label",
            "joined_on",
            "ended_on",
            "end_reason",
            "transferred_from",
        ]
        read_only_fields = fields


class TransferSerializer(serializers.ModelSerializer):
    """A transfer in or out of a union (会籍转移)."""

    worker_name = serializers.CharField(source="worker.name", read_only=True)
    worker_id_number = MaskedField(kind="id_number", source="worker.id_number")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    counterpart_union_name = serializers.CharField(
        source="counterpart_union.name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = MembershipEvent
        fields = [
            "id",
            "on",
            "worker",
            "worker_name",
            "worker_id_number",
            "kind",
            "kind_label",
            "union",
            "union_name",
            "counterpart_union",
            "counterpart_union_name",
            "note",
        ]
        read_only_fields = fields


class FollowUpSerializer(serializers.ModelSerializer):
    """A membership not seen, paid for or active for long: a member to follow up."""

    worker_name = serializers.CharField(source="worker.name", read_only=True)
    worker_id_number = MaskedField(kind="id_number", source="worker.id_number")
    worker_phone = MaskedField(kind="phone", source="worker.phone")
    union_name = serializers.CharField(source="union.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "worker",
            "worker_name",
            "worker_id_number",
            "worker_phone",
            "union",
            "union_name",
            "status",
            "joined_on",
            "last_seen_on",
            "last_dues_on",
            "last_activity_on",
        ]
        read_only_fields = fields


def _kept_worker_form(ctx: Context) -> dict[str, Any]:
    """The edit form of a worker the actor's unions keep (one only seen through a past membership: 403)."""
    if not selectors.worker_is_kept_by(ctx.user, ctx.obj):
        raise PermissionDenied
    return {"initial": WorkerForm.initial_for(ctx.obj), "worker": ctx.obj}


ENDPOINTS = (
    Endpoint(
        "workers",
        serializer=WorkerSerializer,
        list=lists.WORKERS,
        get=selectors.get_worker_for_user,
        lookup="worker_id",
        viewed=lambda user, worker: services.worker_viewed(actor=user, worker=worker),
        create=Write(
            form=MemberAddForm,
            service=services.member_add,
            perm=("members.add_worker", "members.add_membership"),  # as the page asks
            call=lambda c: services.member_add(actor=c.user, **c.form.cleaned_data),
            answer=lambda membership: membership.worker,
        ),
        update=Write(
            form=WorkerForm,
            service=services.worker_update,
            form_kwargs=_kept_worker_form,
            call=lambda c: services.worker_update(actor=c.user, worker=c.obj, **c.form.service_fields()),
        ),
    ),
    Endpoint("memberships", serializer=MembershipSerializer, list=lists.MEMBERSHIPS),
    Endpoint("transfers", serializer=TransferSerializer, list=lists.TRANSFERS),
    Endpoint("follow-up", serializer=FollowUpSerializer, list=lists.FOLLOW_UP),
)
