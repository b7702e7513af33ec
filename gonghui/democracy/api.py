"""Democratic management in the API (``/api/v1/democracy/``): the pages' lists, objects and writes (core/api).

* ``congresses/`` — congress terms (the list's filters), one term, setting one up at an employer the
  caller may see (``{"employer": id, …}``: ``CongressForm``, ``congress_create``);
* ``sittings/`` — sittings, one sitting and its workflow steps (``hold``, ``report``, ``cancel``);
* ``motions/`` — motions, one motion and its steps (``accept``, ``answer``, ``feedback`` …);
* ``contracts/`` — collective contracts, one contract, recording a bargaining request at an
  employer (``ContractForm``, ``contract_create``), the agreed terms (``TermsForm``,
  ``contract_update_terms``: a wage below the local minimum is a 400 with the numbers), and the
  contract's steps (``reply``, ``sign``, ``file``, ``in_force`` …);
* ``employers/`` — the employers with a union and whether they held their congress and are bound
  by a contract (the figures' drill-down list).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core.api import Endpoint, Pick, Write
from gonghui.democracy import lists, selectors, services
from gonghui.democracy.forms import CongressForm, ContractForm, TermsForm
from gonghui.democracy.models import CollectiveContract, Congress, Motion, Session
from gonghui.organisations.models import Employer


class CongressSerializer(serializers.ModelSerializer):
    """A congress term (届) of an employer's workers' congress or general assembly."""

    employer_name = serializers.CharField(source="employer.name", read_only=True, default="")
    union_name = serializers.CharField(source="union.name", read_only=True)
    form_label = serializers.CharField(source="get_form_display", read_only=True)

    class Meta:
        model = Congress
        fields = [
            "id",
            "name",
            "employer",
            "employer_name",
            "union",
            "union_name",
            "level",
            "term_number",
            "term_start",
            "term_end",
            "workforce",
            "women_workers",
            "dispatched_workers",
            "form",
            "form_label",
            "delegates_required",
            "last_sitting_on",
        ]
        read_only_fields = fields


class SittingSerializer(serializers.ModelSerializer):
    """A sitting: its date, its attendance (all delegates, present) and whether it may vote."""

    congress_name = serializers.CharField(source="congress.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    quorum = serializers.BooleanField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "congress",
            "congress_name",
            "number",
            "kind",
            "held_on",
            "materials_sent_on",
            "members_total",
            "present",
            "quorum",
            "reported_on",
            "state",
            "state_label",
        ]
        read_only_fields = fields


class MotionSerializer(serializers.ModelSerializer):
    """A motion tabled by a delegate and its handling."""

    congress_name = serializers.CharField(source="congress.name", read_only=True)
    tabled_by_name = serializers.CharField(source="tabled_by.worker.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Motion
        fields = [
            "id",
            "congress",
            "congress_name",
            "number",
            "title",
            "proposal",
            "tabled_by",
            "tabled_by_name",
            "tabled_on",
            "committee_reason",
            "department",
            "assigned_on",
            "answer_due",
            "answer",
            "answered_on",
            "satisfaction",
            "state",
            "state_label",
        ]
        read_only_fields = fields


class CollectiveContractSerializer(serializers.ModelSerializer):
    """A collective contract or special agreement, its dates (deadlines computed) and its terms."""

    employer_name = serializers.CharField(source="employer.name", read_only=True, default="")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = CollectiveContract
        fields = [
            "id",
            "title",
            "kind",
            "kind_label",
            "level",
            "employer",
            "employer_name",
            "union",
            "requested_by",
            "requested_on",
            "replied_on",
            "signed_on",
            "filing_due",
            "filed_on",
            "filed_late",
            "received_on",
            "objection_window_end",
            "term_start",
            "term_end",
            "covered_workers",
            "wage_rise_percent",
            "minimum_wage",
            "local_minimum_wage",
            "working_hours",
            "rest",
            "insurance",
            "state",
            "state_label",
        ]
        read_only_fields = fields


class DemocracyEmployerSerializer(serializers.ModelSerializer):
    """An employer with a union, as democratic management lists it."""

    township_name = serializers.CharField(source="division.name", read_only=True, default="")

    class Meta:
        model = Employer
        fields = ["id", "name", "township_name", "ownership", "headcount", "union"]
        read_only_fields = fields


EMPLOYER = Pick("employer", selectors.get_employer_for_user, label=_("employer"))

ENDPOINTS = (
    Endpoint(
        "congresses",
        serializer=CongressSerializer,
        list=lists.CONGRESSES,
        get=selectors.get_congress_for_user,
        lookup="congress_id",
        create=Write(
            form=CongressForm,
            service=services.congress_create,
            picks=(EMPLOYER,),
            call=lambda c: services.congress_create(actor=c.user, employer=c.picked["employer"], **c.data),
        ),
    ),
    Endpoint(
        "sittings",
        serializer=SittingSerializer,
        list=lists.SESSIONS,
        get=selectors.get_session_for_user,
        lookup="session_id",
    ),
    Endpoint(
        "motions",
        serializer=MotionSerializer,
        list=lists.MOTIONS,
        get=selectors.get_motion_for_user,
        lookup="motion_id",
    ),
    Endpoint(
        "contracts",
        serializer=CollectiveContractSerializer,
        list=lists.CONTRACTS,
        get=selectors.get_contract_for_user,
        lookup="contract_id",
        create=Write(
            form=ContractForm,
            service=services.contract_create,
            picks=(EMPLOYER,),
            call=lambda c: services.contract_create(actor=c.user, employer=c.picked["employer"], **c.data),
        ),
        update=Write(
            form=TermsForm,
            service=services.contract_update_terms,
            form_kwargs=lambda c: {"initial": {name: getattr(c.obj, name) for name in services.CONTRACT_TERMS}},
            call=lambda c: services.contract_update_terms(actor=c.user, contract=c.obj, **c.data),
        ),
    ),
    Endpoint("employers", serializer=DemocracyEmployerSerializer, list=lists.EMPLOYERS),
)
