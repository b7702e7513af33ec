"""Labour relations in the API (``/api/v1/rights/``): the pages' lists, objects and writes (core/api).

* ``alerts/`` — early warnings (the list's filters), one warning, recording a signal
  (``AlertForm``, ``alert_create``) and its workflow steps (confirm, report, verify, …);
* ``disputes/`` — cases, one case with its applicants and claims, receiving an application
  (``DisputeForm``, ``dispute_create``) and its workflow steps (accept, agree, hand over, …);
* ``committees/`` — mediation committees, one committee, adding one (``CommitteeForm``).
"""

from __future__ import annotations

from rest_framework import serializers

from gonghui.core.api import Endpoint, Write
from gonghui.rights import lists, selectors, services
from gonghui.rights.forms import AlertForm, CommitteeForm, DisputeForm
from gonghui.rights.models import Alert, Claim, Dispute, DisputeApplicant, MediationCommittee


class AlertSerializer(serializers.ModelSerializer):
    """An early-warning signal at an employer, with its level and state."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    signal_label = serializers.CharField(source="get_signal_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "employer",
            "employer_name",
            "union",
            "union_name",
            "signal",
            "signal_label",
            "level",
            "level_label",
            "state",
            "state_label",
            "automatic",
            "observed_on",
            "workers",
            "workforce",
            "amount",
            "months",
            "incident",
            "dispatched",
            "previous_workers",
            "description",
            "reported_to",
            "reported_on",
            "created_at",
        ]
        read_only_fields = fields


class ApplicantSerializer(serializers.ModelSerializer):
    class Meta:
        model = DisputeApplicant
        fields = ["name", "representative"]
        read_only_fields = fields


class ClaimSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Claim
        fields = ["kind", "kind_label", "amount"]
        read_only_fields = fields


class DisputeSerializer(serializers.ModelSerializer):
    """A labour dispute case: its periods, outcome and amounts; applicants and claims."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    applicants = ApplicantSerializer(many=True, read_only=True)
    claims = ClaimSerializer(many=True, read_only=True)

    class Meta:
        model = Dispute
        fields = [
            "id",
            "number",
            "committee",
            "committee_name",
            "employer",
            "employer_name",
            "union",
            "state",
            "state_label",
            "kind",
            "workers",
            "representatives",
            "applied_on",
            "oral",
            "summary",
            "knew_on",
            "employment_ended_on",
            "acceptance_due",
            "mediation_due",
            "accepted_on",
            "refusal_reason",
            "extended_until",
            "ended_on",
            "agreed_on",
            "agreement_terms",
            "amount_agreed",
            "perform_by",
            "fulfilled",
            "amount_claimed",
            "amount_recovered",
            "arbitration_on",
            "arbitration_body",
            "limitation_ends",
            "applicants",
            "claims",
        ]
        read_only_fields = fields


class CommitteeSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = MediationCommittee
        fields = ["id", "name", "kind", "kind_label", "employer", "industry", "established_on", "union", "union_name"]
        read_only_fields = fields


ENDPOINTS = (
    Endpoint(
        "alerts",
        serializer=AlertSerializer,
        list=lists.ALERTS,
        get=selectors.get_alert_for_user,
        lookup="alert_id",
        create=Write(
            form=AlertForm,
            service=services.alert_create,
            form_kwargs=lambda c: {"user": c.user},
            call=lambda c: services.alert_create(actor=c.user, **c.form.cleaned_data),
        ),
    ),
    Endpoint(
        "disputes",
        serializer=DisputeSerializer,
        list=lists.DISPUTES,
        get=selectors.get_dispute_for_user,
        lookup="dispute_id",
        create=Write(
            form=DisputeForm,
            service=services.dispute_create,
            form_kwargs=lambda c: {"user": c.user},
            call=lambda c: services.dispute_create(actor=c.user, **c.form.service_arguments()),
        ),
    ),
    Endpoint(
        "committees",
        serializer=CommitteeSerializer,
        list=lists.COMMITTEES,
        get=selectors.get_committee_for_user,
        lookup="committee_id",
        create=Write(
            form=CommitteeForm,
            service=services.committee_create,
            form_kwargs=lambda c: {"user": c.user},
            call=lambda c: services.committee_create(actor=c.user, **c.form.cleaned_data),
        ),
    ),
)
