"""Organisation building in the API (``/api/v1/organisations/``): the pages' lists, objects and writes (core/api).

* ``employers/`` — the employer list (its filters), one employer, create and update through the
  page's ``EmployerForm`` and ``employer_create`` / ``employer_update``;
* ``founding-cases/`` — the founding pipeline's list, one case, opening a case for an employer
  (``founding_case_open``) and the workflow's steps (``…/transitions/<step>/``);
* ``surveys/`` — survey campaigns, and opening one (``SurveyForm``, ``survey_open``);
* ``re-elections/``, ``survey-assignments/``, ``survey-visits/`` — the other lists of the module.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core.api import Context, Endpoint, MaskedField, Pick, Write
from gonghui.organisations import lists, selectors, services
from gonghui.organisations.forms import EmployerForm, SurveyForm
from gonghui.organisations.models import (
    Employer,
    FoundingCase,
    Survey,
    SurveyAssignment,
    SurveyVisit,
    UnionProfile,
)


class EmployerSerializer(serializers.ModelSerializer):
    """An employer, as kept by its union."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    division_name = serializers.CharField(source="division.name", read_only=True, allow_null=True, default=None)
    industry_name = serializers.CharField(source="industry.name", read_only=True, allow_null=True, default=None)
    contact_phone = MaskedField()
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    union_status_label = serializers.CharField(source="get_union_status_display", read_only=True)

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "credit_code",
            "address",
            "union",
            "union_name",
            "division",
            "division_name",
            "village",
            "industry",
            "industry_name",
            "ownership",
            "nature",
            "headcount",
            "women",
            "migrant_workers",
            "dispatched_workers",
            "size_band",
            "contact_name",
            "contact_phone",
            "status",
            "status_label",
            "union_status",
            "union_status_label",
            "not_eligible_reason",
            "own_union",
            "joint_union",
            "founded_on",
        ]
        read_only_fields = fields


class FoundingCaseSerializer(serializers.ModelSerializer):
    """A founding case: an employer on its way to a union of its own (or to a joint union's cover)."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    organizer_phone = MaskedField()

    class Meta:
        model = FoundingCase
        fields = [
            "id",
            "employer",
            "employer_name",
            "union",
            "union_name",
            "state",
            "state_label",
            "source",
            "organizer_name",
            "organizer_phone",
            "target_date",
            "preparing_since",
            "founding_meeting_on",
            "members_enrolled",
            "founded_union",
            "joint_union",
            "closed_on",
            "created_at",
        ]
        read_only_fields = fields


class ReElectionSerializer(serializers.ModelSerializer):
    """A union whose re-election falls due within 90 days or is overdue."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    union_type_label = serializers.CharField(source="get_union_type_display", read_only=True)

    class Meta:
        model = UnionProfile
        fields = [
            "union",
            "union_name",
            "union_type",
            "union_type_label",
            "member_count",
            "term_years",
            "elected_on",
            "re_election_due",
        ]
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer):
    """A survey campaign (普查), with the employers to visit and visited in the caller's part."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    # Counted over the assignments the caller sees (the list's); null on a campaign just opened.
    assignment_count = serializers.IntegerField(read_only=True, allow_null=True)
    target = serializers.IntegerField(read_only=True, allow_null=True)
    visited = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "name",
            "union",
            "union_name",
            "starts_on",
            "ends_on",
            "status",
            "assignment_count",
            "target",
            "visited",
        ]
        read_only_fields = fields


class SurveyAssignmentSerializer(serializers.ModelSerializer):
    """A township's or sector's share of a survey campaign."""

    survey_name = serializers.CharField(source="survey.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    visited = serializers.IntegerField(read_only=True)

    class Meta:
        model = SurveyAssignment
        fields = ["id", "survey", "survey_name", "union", "union_name", "target", "visited"]
        read_only_fields = fields


class SurveyVisitSerializer(serializers.ModelSerializer):
    """A visit of a survey campaign to an employer, and whether it found the records wrong."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    union_name = serializers.CharField(source="assignment.union.name", read_only=True)
    union_status_found_label = serializers.CharField(source="get_union_status_found_display", read_only=True)
    discrepancy = serializers.BooleanField(read_only=True)

    class Meta:
        model = SurveyVisit
        fields = [
            "id",
            "assignment",
            "employer",
            "employer_name",
            "union_name",
            "visited_on",
            "visitors",
            "headcount_found",
            "union_status_found",
            "union_status_found_label",
            "discrepancy",
        ]
        read_only_fields = fields


def _keeping_union(ctx: Context) -> Any:
    """The union a new employer is kept by: as the page decides it."""
    data = ctx.form.cleaned_data
    return data.get("keeper") or data.get("own_union") or data.get("joint_union") or ctx.user.union


def _employer_update(ctx: Context) -> Employer:
    form = ctx.form
    changed = {name: value for name, value in form.service_fields().items() if name in form.changed_data}
    if {"union_status", "own_union", "joint_union"} & set(form.changed_data):
        # The links only make sense together with the status: pass all three (as the page does).
        for name in ("union_status", "own_union", "joint_union"):
            changed[name] = form.cleaned_data[name]
    return services.employer_update(actor=ctx.user, employer=ctx.obj, **changed)


ENDPOINTS = (
    Endpoint(
        "employers",
        serializer=EmployerSerializer,
        list=lists.EMPLOYERS,
        get=selectors.get_employer_for_user,
        lookup="employer_id",
        create=Write(
            form=EmployerForm,
            service=services.employer_create,
            call=lambda c: services.employer_create(actor=c.user, union=_keeping_union(c), **c.form.service_fields()),
        ),
        update=Write(
            form=EmployerForm,
            service=services.employer_update,
            leave_out=("keeper",),  # the edit page does not change the keeping union
            form_kwargs=lambda c: {"initial": EmployerForm.initial_for(c.obj), "employer": c.obj},
            call=_employer_update,
        ),
    ),
    Endpoint(
        "founding-cases",
        serializer=FoundingCaseSerializer,
        list=lists.FOUNDING_CASES,
        get=selectors.get_founding_case_for_user,
        lookup="case_id",
        create=Write(
            form=forms.Form,
            service=services.founding_case_open,
            picks=(Pick("employer", selectors.get_employer_for_user, label=_("employer")),),
            call=lambda c: services.founding_case_open(
                actor=c.user, employer=c.picked["employer"], source=FoundingCase.Source.REGISTER
            ),
        ),
    ),
    Endpoint("re-elections", serializer=ReElectionSerializer, list=lists.RE_ELECTIONS),
    Endpoint(
        "surveys",
        serializer=SurveySerializer,
        list=lists.SURVEYS,
        create=Write(
            form=SurveyForm,
            service=services.survey_open,
            form_kwargs=lambda c: {"unions": selectors.assignable_unions_for_user(c.user)},
            call=lambda c: services.survey_open(
                actor=c.user,
                union=c.user.union,
                name=c.data["name"],
                starts_on=c.data["starts_on"],
                ends_on=c.data["ends_on"],
                notes=c.data["notes"],
                assigned_unions=list(c.data["assigned_unions"]),
            ),
        ),
    ),
    Endpoint(
        "survey-assignments",
        serializer=SurveyAssignmentSerializer,
        list=lists.SURVEY_ASSIGNMENTS,
        get=selectors.get_assignment_for_user,
        lookup="assignment_id",
    ),
    # ?survey=<id> or ?assignment=<id> (and the board's ?show=), as the campaign's page lists them.
    Endpoint("survey-visits", serializer=SurveyVisitSerializer, list=lists.SURVEY_VISITS),
)
