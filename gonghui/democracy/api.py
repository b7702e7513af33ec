"""Democratic management in the API (``/api/v1/democracy/``): the pages' lists, objects and writes (core/api).

* ``congresses/`` — congress terms (the list's filters), one term, setting one up at an employer the
  caller may see (``{"employer": id, …}``: ``CongressForm``, ``congress_create``);
* ``regional-congresses/`` — setting up a regional or industry congress run by a federation or joint
  union (``RegionalCongressForm``: the covered employers as lines of credit codes or names);
* ``delegates/`` — the congress delegates of the caller's scope (the delegate list's filters);
* ``sittings/`` — sittings, one sitting (with its roll and agenda), changing its date or materials
  day (``SessionEditForm``), its attendance (``attendance/``: the delegates present, excused and
  absent by id; ``assembly-attendance/``: a general assembly's counts) and its workflow steps
  (``hold``, ``report``, ``cancel``);
* ``items/`` — an agenda item (its ballots and candidates), putting one on a sitting's agenda
  (``{"sitting": id, …}``: ``ItemForm``, ``item_add``), a vote on it (``ballots/``: ``ballot_record``,
  refused without a quorum as on the page), an election's candidates (``candidates/``) and count
  (``count/``: ``election_record``), and its resolution's posting (``resolution/``);
* ``motions/`` — motions, one motion and its steps (``accept``, ``answer``, ``feedback`` …);
* ``contracts/`` — collective contracts, one contract, recording a bargaining request at an
  employer (``ContractForm``, ``contract_create``), the agreed terms (``TermsForm``,
  ``contract_update_terms``: a wage below the local minimum is a 400 with the numbers), and the
  contract's steps (``reply``, ``sign``, ``file``, ``in_force`` …);
* ``regional-contracts/`` — starting a regional or industry contract (``RegionalContractForm``);
* ``employers/`` — the employers with a union and whether they held their congress and are bound
  by a contract (the figures' drill-down list).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from gonghui.core.api import Endpoint, ObjectAction, Pick, Write
from gonghui.democracy import lists, selectors, services
from gonghui.democracy.forms import (
    AssemblyAttendanceForm,
    BallotForm,
    CandidateForm,
    CongressForm,
    ContractForm,
    ElectionCountForm,
    ItemForm,
    RegionalCongressForm,
    RegionalContractForm,
    ResolutionForm,
    RollForm,
    SessionEditForm,
    TermsForm,
)
from gonghui.democracy.models import (
    AgendaItem,
    Attendance,
    Ballot,
    Candidate,
    CollectiveContract,
    Congress,
    Delegate,
    Level,
    Motion,
    Session,
)
from gonghui.organisations.models import Employer


def _in_list(serializer: serializers.BaseSerializer) -> bool:
    """Whether ``serializer`` writes a row of a list (its parent a list) rather than one object."""
    return isinstance(serializer.parent, serializers.ListSerializer)


def _covered_ids(obj: Congress | CollectiveContract) -> list[int]:
    if obj.level == Level.EMPLOYER:
        return []
    return sorted(obj.covered_employers.values_list("id", flat=True))


class CongressSerializer(serializers.ModelSerializer):
    """A congress term (届) of an employer's workers' congress or general assembly."""

    employer_name = serializers.CharField(source="employer.name", read_only=True, default="")
    union_name = serializers.CharField(source="union.name", read_only=True)
    form_label = serializers.CharField(source="get_form_display", read_only=True)
    covered_employers = serializers.SerializerMethodField(
        help_text=_("The employers a regional or industry congress covers (ids); empty for an employer's own.")
    )

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
            "covered_employers",
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

    def get_covered_employers(self, obj: Congress) -> list[int]:
        return _covered_ids(obj)


class DelegateSerializer(serializers.ModelSerializer):
    """A delegate of a congress term: the worker, the electoral unit and what the composition rules count."""

    name = serializers.CharField(source="worker.name", read_only=True)
    congress_name = serializers.CharField(source="congress.name", read_only=True)
    employer_name = serializers.CharField(source="congress.employer.name", read_only=True, default="")

    class Meta:
        model = Delegate
        fields = [
            "id",
            "congress",
            "congress_name",
            "employer_name",
            "worker",
            "name",
            "electoral_unit",
            "is_manager",
            "is_frontline",
            "is_woman",
            "is_dispatched",
        ]
        read_only_fields = fields


class RollLineSerializer(serializers.Serializer):
    """A delegate of the sitting's roll and their attendance (null until the roll is taken)."""

    delegate = serializers.IntegerField()
    name = serializers.CharField()
    electoral_unit = serializers.CharField()
    status = serializers.ChoiceField(choices=Attendance.Status.choices, allow_null=True)


class BallotSerializer(serializers.ModelSerializer):
    """One vote on an item, recorded as counts against all delegates."""

    class Meta:
        model = Ballot
        fields = ["round", "yes", "no", "abstain", "members_total", "present", "passed"]
        read_only_fields = fields


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate of an election item: the worker, the votes received, elected or not."""

    name = serializers.CharField(source="worker.name", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "worker", "name", "votes", "elected"]
        read_only_fields = fields


class ItemLineSerializer(serializers.ModelSerializer):
    """An item of a sitting's agenda, as the sitting lists it."""

    class Meta:
        model = AgendaItem
        fields = ["id", "number", "title", "kind", "passed"]
        read_only_fields = fields


class SittingSerializer(serializers.ModelSerializer):
    """A sitting: its date, its attendance (all delegates, present) and whether it may vote."""

    congress_name = serializers.CharField(source="congress.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    quorum = serializers.BooleanField(read_only=True)
    materials_problem = serializers.CharField(read_only=True, allow_null=True)
    roll = serializers.SerializerMethodField(
        help_text=_("One sitting only (null in the list): every delegate and their attendance.")
    )
    items = serializers.SerializerMethodField(help_text=_("One sitting only (null in the list): its agenda."))

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
            "materials_problem",
            "reported_on",
            "state",
            "state_label",
            "roll",
            "items",
        ]
        read_only_fields = fields

    @extend_schema_field(RollLineSerializer(many=True, allow_null=True))
    def get_roll(self, obj: Session) -> list[dict[str, Any]] | None:
        if _in_list(self):
            return None
        user = self.context["request"].user
        statuses = selectors.attendance_of_session(user, obj)
        return [
            {"delegate": d.pk, "name": d.worker.name, "electoral_unit": d.electoral_unit, "status": statuses.get(d.pk)}
            for d in selectors.delegates_of_congress(user, obj.congress)
        ]

    @extend_schema_field(ItemLineSerializer(many=True, allow_null=True))
    def get_items(self, obj: Session) -> list[dict[str, Any]] | None:
        if _in_list(self):
            return None
        items = selectors.items_of_session(self.context["request"].user, obj)
        return list(ItemLineSerializer(items, many=True).data)


class AgendaItemSerializer(serializers.ModelSerializer):
    """An item put to the vote at a sitting, its ballots (rounds) and, for an election, its candidates."""

    session_name = serializers.CharField(source="session.__str__", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    ballots = BallotSerializer(many=True, read_only=True)
    candidates = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "session",
            "session_name",
            "number",
            "title",
            "kind",
            "kind_label",
            "contract",
            "seats",
            "ballots_cast",
            "passed",
            "resolution_published_on",
            "ballots",
            "candidates",
        ]
        read_only_fields = fields

    @extend_schema_field(CandidateSerializer(many=True))
    def get_candidates(self, obj: AgendaItem) -> list[dict[str, Any]]:
        if obj.kind != AgendaItem.Kind.ELECTION:
            return []
        candidates = selectors.candidates_of_item(self.context["request"].user, obj)
        return list(CandidateSerializer(candidates, many=True).data)


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
    covered_employers = serializers.SerializerMethodField(
        help_text=_("The employers a regional or industry contract covers (ids); empty for an employer's own.")
    )

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
            "covered_employers",
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

    def get_covered_employers(self, obj: CollectiveContract) -> list[int]:
        return _covered_ids(obj)


class DemocracyEmployerSerializer(serializers.ModelSerializer):
    """An employer with a union, as democratic management lists it."""

    township_name = serializers.CharField(source="division.name", read_only=True, default="")

    class Meta:
        model = Employer
        fields = ["id", "name", "township_name", "ownership", "headcount", "union"]
        read_only_fields = fields


EMPLOYER = Pick("employer", selectors.get_employer_for_user, label=_("employer"))
SITTING = Pick("sitting", selectors.get_session_for_user, label=_("sitting"))


def _ballot(c: Any) -> Ballot:
    return services.ballot_record(actor=c.user, item=c.obj, **c.data)


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
        "regional-congresses",
        serializer=CongressSerializer,
        get=selectors.get_regional_congress_for_user,
        lookup="congress_id",
        perm="democracy.view_congress",
        create=Write(
            form=RegionalCongressForm,
            service=services.congress_create,
            form_kwargs=lambda c: {"user": c.user},
            call=lambda c: services.congress_create(actor=c.user, **c.data),
        ),
    ),
    Endpoint("delegates", serializer=DelegateSerializer, list=lists.DELEGATES),
    Endpoint(
        "sittings",
        serializer=SittingSerializer,
        list=lists.SESSIONS,
        get=selectors.get_session_for_user,
        lookup="session_id",
        update=Write(
            form=SessionEditForm,
            service=services.session_update,
            form_kwargs=lambda c: {"initial": {"held_on": c.obj.held_on, "materials_sent_on": c.obj.materials_sent_on}},
            call=lambda c: services.session_update(actor=c.user, session=c.obj, **c.data),
        ),
        actions=(
            ObjectAction(
                "attendance",
                Write(
                    form=RollForm,
                    service=services.attendance_record,
                    form_kwargs=lambda c: {"congress": c.obj.congress},
                    call=lambda c: services.attendance_record(actor=c.user, session=c.obj, statuses=c.form.statuses()),
                ),
                summary=_("Take the roll: every delegate present, excused or absent"),
            ),
            ObjectAction(
                "assembly-attendance",
                Write(
                    form=AssemblyAttendanceForm,
                    service=services.assembly_attendance_record,
                    call=lambda c: services.assembly_attendance_record(actor=c.user, session=c.obj, **c.data),
                ),
                summary=_("A general assembly's attendance: how many of all workers attended"),
            ),
        ),
    ),
    Endpoint(
        "items",
        serializer=AgendaItemSerializer,
        get=selectors.get_item_for_user,
        lookup="item_id",
        perm="democracy.view_session",
        create=Write(
            form=ItemForm,
            service=services.item_add,
            picks=(SITTING,),
            form_kwargs=lambda c: {"session": c.picked["sitting"], "user": c.user},
            call=lambda c: services.item_add(actor=c.user, session=c.picked["sitting"], **c.data),
        ),
        actions=(
            ObjectAction(
                "ballots",
                Write(form=BallotForm, service=services.ballot_record, call=_ballot, answer=lambda ballot: ballot.item),
                summary=_("Record a vote: it passes with yes from more than half of ALL delegates"),
            ),
            ObjectAction(
                "candidates",
                Write(
                    form=CandidateForm,
                    service=services.candidate_add,
                    form_kwargs=lambda c: {"item": c.obj, "user": c.user},
                    call=lambda c: services.candidate_add(actor=c.user, item=c.obj, **c.data),
                    answer=lambda candidate: candidate.item,
                ),
                summary=_("Add a candidate to an election"),
            ),
            ObjectAction(
                "count",
                Write(
                    form=ElectionCountForm,
                    service=services.election_record,
                    form_kwargs=lambda c: {"candidates": selectors.candidates_of_item(c.user, c.obj)},
                    call=lambda c: services.election_record(actor=c.user, item=c.obj, **c.form.service_arguments()),
                ),
                summary=_("Record an election's count"),
            ),
            ObjectAction(
                "resolution",
                Write(
                    form=ResolutionForm,
                    service=services.resolution_publish,
                    form_kwargs=lambda c: {"initial": {"published_on": c.obj.session.held_on}},
                    call=lambda c: services.resolution_publish(actor=c.user, item=c.obj, **c.data),
                ),
                summary=_("Record that the resolution was posted"),
            ),
        ),
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
    Endpoint(
        "regional-contracts",
        serializer=CollectiveContractSerializer,
        get=selectors.get_regional_contract_for_user,
        lookup="contract_id",
        perm="democracy.view_collectivecontract",
        transitions=False,  # its steps are the contract's, at contracts/<id>/transitions/
        create=Write(
            form=RegionalContractForm,
            service=services.contract_create,
            form_kwargs=lambda c: {"user": c.user},
            call=lambda c: services.contract_create(actor=c.user, **c.data),
        ),
    ),
    Endpoint("employers", serializer=DemocracyEmployerSerializer, list=lists.EMPLOYERS),
)
