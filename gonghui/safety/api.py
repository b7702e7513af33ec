"""Workplace safety in the API (``/api/v1/safety/``): the pages' lists, objects and writes (core/api).

* ``hazards/`` — hazards (the list's filters), one hazard, recording one at an employer the caller
  may see (``{"employer": id, …}``: ``HazardForm``, ``hazard_record``), changing what was found
  (``HazardEditForm``, ``hazard_update``), and the hazard's workflow steps
  (``…/transitions/issue_notice/`` with the notice's fields, ``report``, ``recheck_pass`` …);
* ``inspectors/`` — the safety inspectors (list, one);
* ``activities/`` — safety activities (list).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.core.api import Endpoint, Pick, Write
from gonghui.organisations import selectors as organisations
from gonghui.safety import lists, selectors, services
from gonghui.safety.forms import HazardEditForm, HazardForm
from gonghui.safety.models import Hazard, Inspector, SafetyActivity


class HazardSerializer(serializers.ModelSerializer):
    """A hazard found at an employer, its rectification notice, report and re-inspection."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Hazard
        fields = [
            "id",
            "employer",
            "employer_name",
            "union",
            "union_name",
            "found_on",
            "inspector",
            "source",
            "category",
            "category_label",
            "level",
            "level_label",
            "location",
            "description",
            "responsible_person",
            "notice_issued_on",
            "measures",
            "rectification_days",
            "due_on",
            "rectified_on",
            "rectification_report",
            "rechecked_on",
            "closed_on",
            "reopened",
            "state",
            "state_label",
            "created_at",
        ]
        read_only_fields = fields


class InspectorSerializer(serializers.ModelSerializer):
    """A union safety inspector (劳动保护监督检查员): a worker of the registry and their appointment."""

    name = serializers.CharField(source="worker.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True)
    hazards_found = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = Inspector
        fields = [
            "id",
            "worker",
            "name",
            "union",
            "union_name",
            "certificate",
            "appointed_on",
            "ended_on",
            "hazards_found",
        ]
        read_only_fields = fields


class ActivitySerializer(serializers.ModelSerializer):
    """A safety activity at an employer (安康杯, an inspection done, training, a drill)."""

    employer_name = serializers.CharField(source="employer.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SafetyActivity
        fields = ["id", "employer", "employer_name", "union", "kind", "kind_label", "held_on", "participants", "note"]
        read_only_fields = fields


ENDPOINTS = (
    Endpoint(
        "hazards",
        serializer=HazardSerializer,
        list=lists.HAZARDS,
        get=selectors.get_hazard_for_user,
        lookup="hazard_id",
        create=Write(
            form=HazardForm,
            service=services.hazard_record,
            picks=(Pick("employer", organisations.get_employer_for_user, label=_("employer")),),
            form_kwargs=lambda c: {"user": c.user},
            call=lambda c: services.hazard_record(actor=c.user, employer=c.picked["employer"], **c.data),
        ),
        update=Write(
            form=HazardEditForm,
            service=services.hazard_update,
            form_kwargs=lambda c: {"initial": {name: getattr(c.obj, name) for name in services.HAZARD_FIELDS}},
            call=lambda c: services.hazard_update(actor=c.user, hazard=c.obj, **c.data),
        ),
    ),
    Endpoint(
        "inspectors",
        serializer=InspectorSerializer,
        list=lists.INSPECTORS,
        get=selectors.get_inspector_for_user,
        lookup="inspector_id",
    ),
    Endpoint("activities", serializer=ActivitySerializer, list=lists.ACTIVITIES),
)
