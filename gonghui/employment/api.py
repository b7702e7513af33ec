"""Employment services in the API (`/api/v1/employment/`): lists, one object, the writes of the pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core.api import Endpoint, Pick, Write
from gonghui.core.privacy.api import MaskedField
from gonghui.employment import lists, selectors, services
from gonghui.employment.forms import SeekerForm, VacancyForm
from gonghui.employment.models import JobFair, JobSeeker, Placement, Referral, Vacancy
from gonghui.organisations import selectors as organisations


class SeekerSerializer(serializers.ModelSerializer):
    """A job seeker as the union that registered them keeps them (name, ID number and phone masked)."""

    name = MaskedField(kind="name")
    id_number = MaskedField(kind="id_number")
    phone = MaskedField(kind="phone")
    union_name = serializers.CharField(source="union.name", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    skills = serializers.ListField(source="skill_codes", child=serializers.CharField(), read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True, default="")

    class Meta:
        model = JobSeeker
        fields = [
            "id",
            "union",
            "union_name",
            "worker",
            "name",
            "id_number",
            "phone",
            "category",
            "category_label",
            "skills",
            "wished_work",
            "place",
            "place_name",
            "expected_pay",
            "registered_on",
            "state",
            "state_label",
        ]
        read_only_fields = fields


class VacancySerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    skills = serializers.ListField(source="skill_codes", child=serializers.CharField(), read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True, default="")

    class Meta:
        model = Vacancy
        fields = [
            "id",
            "union",
            "employer",
            "employer_name",
            "post",
            "skills",
            "pay_min",
            "pay_max",
            "headcount",
            "filled",
            "place",
            "place_name",
            "valid_until",
            "note",
        ]
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    seeker_name = MaskedField(kind="name", source="seeker.name")
    post = serializers.CharField(source="vacancy.post", read_only=True)
    employer_name = serializers.CharField(source="vacancy.employer.name", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "union",
            "seeker",
            "seeker_name",
            "vacancy",
            "post",
            "employer_name",
            "fair",
            "referred_on",
            "score",
            "outcome",
            "outcome_label",
            "outcome_on",
            "reason",
            "reason_note",
        ]
        read_only_fields = fields


class PlacementSerializer(serializers.ModelSerializer):
    seeker_name = MaskedField(kind="name", source="seeker.name")
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id",
            "union",
            "seeker",
            "seeker_name",
            "referral",
            "employer",
            "employer_name",
            "post",
            "pay",
            "placed_on",
        ]
        read_only_fields = fields


class FairSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True, default="")

    class Meta:
        model = JobFair
        fields = ["id", "union", "union_name", "title", "held_on", "place", "place_name", "venue", "results"]
        read_only_fields = fields


ENDPOINTS = (
    Endpoint(
        "seekers",
        serializer=SeekerSerializer,
        list=lists.SEEKERS,
        get=selectors.get_seeker_for_user,
        lookup="job_seeker_id",
        create=Write(
            form=SeekerForm,
            service=services.seeker_register,
            call=lambda c: services.seeker_register(actor=c.user, **c.data),
        ),
    ),
    Endpoint(
        "vacancies",
        serializer=VacancySerializer,
        list=lists.VACANCIES,
        get=selectors.get_vacancy_for_user,
        lookup="vacancy_id",
        create=Write(
            form=VacancyForm,
            service=services.vacancy_create,
            picks=(Pick("employer", organisations.get_employer_for_user, label=_("employer")),),
            call=lambda c: services.vacancy_create(actor=c.user, employer=c.picked["employer"], **c.data),
        ),
    ),
    Endpoint(
        "referrals",
        serializer=ReferralSerializer,
        list=lists.REFERRALS,
        get=selectors.get_referral_for_user,
        lookup="job_referral_id",
    ),
    Endpoint("placements", serializer=PlacementSerializer, list=lists.PLACEMENTS),
    Endpoint(
        "fairs", serializer=FairSerializer, list=lists.FAIRS, get=selectors.get_fair_for_user, lookup="job_fair_id"
    ),
)
