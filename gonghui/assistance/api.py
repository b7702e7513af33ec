"""Hardship assistance in the API (``/api/v1/assistance/``): the pages' lists, objects and writes (core/api).

* ``files/`` — hardship files (the list's filters), one file (recorded as viewed, as its page
  records it), opening a file for a worker the caller's unions keep (``FileForm``, ``file_open``),
  changing it (``file_update``), and the file's workflow steps (``…/transitions/<step>/``);
* ``disbursements/`` — batches with their totals, one batch, making one (``DisbursementForm``,
  ``disbursement_create``) and the batch's workflow steps;
* ``notices/``, ``programmes/``, ``review-rounds/``, ``file-reviews/?round=<id>`` — the other lists.

ID numbers, mobile numbers and bank accounts are always masked; the public notice shows the
surname only, as on the notice board.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.assistance import lists, selectors, services
from gonghui.assistance.forms import DisbursementForm, FileForm
from gonghui.assistance.models import Disbursement, FileReview, Grant, HardshipFile, Program, ReviewRound
from gonghui.core.api import Endpoint, MaskedField, Pick, Write
from gonghui.members import selectors as member_selectors


class HardshipFileSerializer(serializers.ModelSerializer):
    """A household's hardship file (困难职工档案); the applicant's ID, mobile and bank account masked."""

    worker_name = serializers.CharField(source="worker.name", read_only=True)
    worker_id_number = MaskedField(kind="id_number", source="worker.id_number")
    worker_phone = MaskedField(kind="phone", source="worker.phone")
    union_name = serializers.CharField(source="union.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    main_cause_label = serializers.CharField(source="get_main_cause_display", read_only=True)
    bank_account = MaskedField()

    class Meta:
        model = HardshipFile
        fields = [
            "id",
            "number",
            "worker",
            "worker_name",
            "worker_id_number",
            "worker_phone",
            "union",
            "union_name",
            "state",
            "state_label",
            "year",
            "division",
            "category",
            "category_label",
            "per_head_monthly",
            "main_cause",
            "main_cause_label",
            "secondary_causes",
            "housing",
            "health",
            "disability",
            "single_parent",
            "zero_employment",
            "bank_name",
            "bank_account",
            "notice_starts",
            "notice_ends",
            "filed_on",
            "exited_on",
            "created_at",
        ]
        read_only_fields = fields


class NoticeSerializer(serializers.ModelSerializer):
    """A file on public notice: the surname only, as the notice board shows it."""

    worker_name = MaskedField(kind="name", source="worker.name")
    union_name = serializers.CharField(source="union.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    main_cause_label = serializers.CharField(source="get_main_cause_display", read_only=True)

    class Meta:
        model = HardshipFile
        fields = [
            "id",
            "number",
            "worker_name",
            "union_name",
            "category",
            "category_label",
            "main_cause",
            "main_cause_label",
            "notice_starts",
            "notice_ends",
        ]
        read_only_fields = fields


class ProgrammeSerializer(serializers.ModelSerializer):
    """An assistance programme (送温暖, 金秋助学 …) run by a union for its year."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Program
        fields = [
            "id",
            "year",
            "name",
            "kind",
            "kind_label",
            "union",
            "union_name",
            "budget",
            "default_amount",
            "starts_on",
            "ends_on",
        ]
        read_only_fields = fields


class DisbursementSerializer(serializers.ModelSerializer):
    """A disbursement batch with its households and total."""

    program_name = serializers.CharField(source="program.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    made_by_name = serializers.CharField(source="made_by.full_name", read_only=True, allow_null=True, default=None)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    households = serializers.IntegerField(read_only=True)
    total = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "number",
            "title",
            "program",
            "program_name",
            "union",
            "union_name",
            "made_by_name",
            "state",
            "state_label",
            "households",
            "total",
            "paid_on",
            "created_at",
        ]
        read_only_fields = fields


class ReviewRoundSerializer(serializers.ModelSerializer):
    """An annual review (年度复核) of a union's files."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    files = serializers.IntegerField(read_only=True)
    spot_checks = serializers.IntegerField(read_only=True)
    done = serializers.IntegerField(read_only=True)

    class Meta:
        model = ReviewRound
        fields = ["id", "year", "union", "union_name", "spot_check_share", "files", "spot_checks", "done"]
        read_only_fields = fields


class FileReviewSerializer(serializers.ModelSerializer):
    """One file's review in an annual review."""

    file_number = serializers.CharField(source="file.number", read_only=True)
    worker_name = serializers.CharField(source="file.worker.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = FileReview
        fields = [
            "id",
            "round",
            "file",
            "file_number",
            "worker_name",
            "union",
            "union_name",
            "spot_check",
            "outcome",
            "outcome_label",
            "reviewed_at",
        ]
        read_only_fields = fields


class GrantSerializer(serializers.ModelSerializer):
    """One household's grant in a batch (the amount paid when its batch is paid)."""

    file_number = serializers.CharField(source="file.number", read_only=True, default=None)
    worker_name = serializers.CharField(source="file.worker.name", read_only=True, default=None)
    union_name = serializers.CharField(source="union.name", read_only=True)
    batch_title = serializers.CharField(source="disbursement.title", read_only=True)
    batch_state = serializers.CharField(source="disbursement.state", read_only=True)
    paid_on = serializers.DateField(source="disbursement.paid_on", read_only=True)

    class Meta:
        model = Grant
        fields = [
            "id",
            "disbursement",
            "batch_title",
            "batch_state",
            "paid_on",
            "file",
            "file_number",
            "worker_name",
            "union",
            "union_name",
            "kind",
            "year",
            "amount",
            "goods",
        ]
        read_only_fields = fields


def _kept_worker(user: Any, worker_id: int) -> Any:
    """The applicant of a new file: a worker the caller's unions keep, else 404 (as the page's address)."""
    worker = member_selectors.get_worker_for_user(user, worker_id)
    if not member_selectors.worker_is_kept_by(user, worker):
        raise Http404("the worker is not kept in the actor's scope")
    return worker


ENDPOINTS = (
    Endpoint(
        "files",
        serializer=HardshipFileSerializer,
        list=lists.FILES,
        get=selectors.get_file_for_user,
        lookup="file_id",
        viewed=lambda user, file: services.file_viewed(actor=user, file=file),
        create=Write(
            form=FileForm,
            service=services.file_open,
            picks=(Pick("worker", _kept_worker, label=_("applicant")),),
            form_kwargs=lambda c: {"worker": c.picked["worker"]},
            call=lambda c: services.file_open(actor=c.user, worker=c.picked["worker"], **c.form.service_fields()),
        ),
        update=Write(
            form=FileForm,
            service=services.file_update,
            form_kwargs=lambda c: {"instance": c.obj},
            call=lambda c: services.file_update(actor=c.user, file=c.obj, **c.form.service_fields()),
        ),
    ),
    Endpoint("notices", serializer=NoticeSerializer, list=lists.NOTICES, transitions=False),
    Endpoint(
        "programmes",
        serializer=ProgrammeSerializer,
        list=lists.PROGRAMMES,
        get=selectors.get_program_for_user,
        lookup="program_id",
    ),
    Endpoint(
        "disbursements",
        serializer=DisbursementSerializer,
        list=lists.DISBURSEMENTS,
        get=selectors.get_disbursement_for_user,
        lookup="disbursement_id",
        create=Write(
            form=DisbursementForm,
            service=services.disbursement_create,
            form_kwargs=lambda c: {"programs": selectors.programs_for_user(c.user, year=None)},
            call=lambda c: services.disbursement_create(
                actor=c.user, program=c.data["program"], union=c.user.union, title=c.data["title"]
            ),
        ),
    ),
    Endpoint("grants", serializer=GrantSerializer, list=lists.GRANTS),
    Endpoint("review-rounds", serializer=ReviewRoundSerializer, list=lists.REVIEW_ROUNDS),
    Endpoint("file-reviews", serializer=FileReviewSerializer, list=lists.FILE_REVIEWS),
)
