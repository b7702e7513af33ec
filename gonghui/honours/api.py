"""Honours in the API (``/api/v1/honours/``): the pages' lists, objects and writes (core/api).

* ``campaigns/`` — award campaigns the caller may see (organised in or above their subtree);
* ``nominations/`` — the nominations of the caller's subtree (the list's filters), one
  nomination, and its workflow steps;
* ``model-workers/`` — the model-worker register (phone masked), one model worker, recording and
  changing one (``ModelWorkerForm``, ``model_worker_create`` / ``model_worker_update``);
* ``care/`` — the care delivered (list).
"""

from __future__ import annotations

from rest_framework import serializers

from gonghui.core.api import Endpoint, Write
from gonghui.core.privacy.api import MaskedField
from gonghui.honours import lists, selectors, services
from gonghui.honours.forms import ModelWorkerForm
from gonghui.honours.models import AwardCampaign, CareRecord, ModelWorker, Nomination

MODEL_WORKER_EDITABLE = ("name", "level", "honour", "honoured_year", "status", "farmer", "workplace")


class CampaignSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)

    class Meta:
        model = AwardCampaign
        fields = [
            "id",
            "union",
            "union_name",
            "title",
            "year",
            "categories",
            "conditions",
            "nominations_due",
            "min_frontline_percent",
            "max_leader_percent",
            "notice_working_days",
        ]
        read_only_fields = fields


class NominationSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True, default="")
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "campaign",
            "union",
            "union_name",
            "category",
            "category_label",
            "name",
            "worker",
            "employer",
            "employer_name",
            "post",
            "frontline",
            "leader",
            "deeds",
            "notice_starts",
            "notice_ends",
            "commended_on",
            "state",
            "state_label",
        ]
        read_only_fields = fields


class ModelWorkerSerializer(serializers.ModelSerializer):
    union_name = serializers.CharField(source="union.name", read_only=True)
    phone = MaskedField(kind="phone")

    class Meta:
        model = ModelWorker
        fields = [
            "id",
            "union",
            "union_name",
            "name",
            "worker",
            "level",
            "honour",
            "honoured_year",
            "status",
            "farmer",
            "workplace",
            "phone",
            "hardship_file",
        ]
        read_only_fields = fields


class CareSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareRecord
        fields = ["id", "model_worker", "kind", "on", "amount", "festival", "batch", "note"]
        read_only_fields = fields


ENDPOINTS = (
    Endpoint(
        "campaigns",
        serializer=CampaignSerializer,
        list=lists.CAMPAIGNS,
        get=selectors.get_campaign_for_user,
        lookup="award_campaign_id",
    ),
    Endpoint(
        "nominations",
        serializer=NominationSerializer,
        list=lists.NOMINATIONS,
        get=selectors.get_nomination_for_user,
        lookup="nomination_id",
    ),
    Endpoint(
        "model-workers",
        serializer=ModelWorkerSerializer,
        list=lists.MODEL_WORKERS,
        get=selectors.get_model_worker_for_user,
        lookup="model_worker_id",
        create=Write(
            form=ModelWorkerForm,
            service=services.model_worker_create,
            call=lambda c: services.model_worker_create(actor=c.user, **c.form.cleaned_data),
        ),
        update=Write(
            form=ModelWorkerForm,
            service=services.model_worker_update,
            leave_out=("union",),
            form_kwargs=lambda c: {"initial": {name: getattr(c.obj, name) for name in MODEL_WORKER_EDITABLE}},
            call=lambda c: services.model_worker_update(
                actor=c.user,
                model_worker=c.obj,
                **{k: v for k, v in c.data.items() if k != "phone"},
                phone=c.data.get("phone") or None,
            ),
        ),
    ),
    Endpoint("care", serializer=CareSerializer, list=lists.CARE),
)
