"""Competitions and innovation in the API (``/api/v1/competitions/``): the pages' lists, objects and writes (core/api).

* ``competitions/`` — competitions (the list's filters), one competition with its ranking,
  opening one (``CompetitionForm``, ``competition_create``) and changing it;
* ``participants/`` — the participants of the competitions (list);
* ``innovations/`` — innovations (the list's filters), one innovation, recording one by a team of an
  employer the caller may see (``{"employer": id, …}``), and its evaluation (``PATCH`` with
  ``EvaluationForm``'s fields: ``innovation_evaluate``);
* ``studios/`` — worker innovation studios (list, one).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from gonghui.competitions import lists, selectors, services
from gonghui.competitions.forms import CompetitionEditForm, CompetitionForm, EvaluationForm, InnovationForm
from gonghui.competitions.models import Competition, Innovation, InnovationStudio, Participant
from gonghui.core.api import Endpoint, Pick, Write
from gonghui.organisations import selectors as organisations


class CompetitionSerializer(serializers.ModelSerializer):
    """A labour competition, its organiser, and its ranking (``rules.rank``: equal scores share a place)."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    ranking = serializers.SerializerMethodField()

    class Meta:
        model = Competition
        fields = [
            "id",
            "name",
            "kind",
            "kind_label",
            "trade",
            "union",
            "union_name",
            "starts_on",
            "ends_on",
            "description",
            "ranking",
            "created_at",
        ]
        read_only_fields = fields

    def get_ranking(self, obj: Competition) -> list[dict[str, Any]]:
        if self.context.get("view") is not None and getattr(self.context["view"], "action", "") == "list":
            return []
        request = self.context.get("request")
        if request is None:
            return []
        _stage, ranking = selectors.final_ranking(request.user, obj)
        return [
            {
                "place": line.place,
                "participant": line.participant.pk,
                "name": line.participant.display_name,
                "points": str(line.points),
                "tied": line.tied,
            }
            for line in ranking
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = Participant
        fields = ["id", "competition", "worker", "team_name", "name", "employer", "employer_name"]
        read_only_fields = fields


class InnovationSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    by = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = Innovation
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "description",
            "employer",
            "employer_name",
            "worker",
            "team_name",
            "by",
            "studio",
            "submitted_on",
            "outcome",
            "outcome_label",
            "evaluated_on",
            "reason",
            "value_created",
            "reward",
            "union",
        ]
        read_only_fields = fields


class StudioSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    leader_name = serializers.CharField(source="leader.name", read_only=True)

    class Meta:
        model = InnovationStudio
        fields = ["id", "name", "employer", "employer_name", "leader", "leader_name", "level", "named_on", "field"]
        read_only_fields = fields


ENDPOINTS = (
    Endpoint(
        "competitions",
        serializer=CompetitionSerializer,
        list=lists.COMPETITIONS,
        get=selectors.get_competition_for_user,
        lookup="competition_id",
        create=Write(
            form=CompetitionForm,
            service=services.competition_create,
            form_kwargs=lambda c: {"user": c.user},
            call=lambda c: services.competition_create(actor=c.user, **c.form.cleaned_data),
        ),
        update=Write(
            form=CompetitionEditForm,
            service=services.competition_update,
            leave_out=("union",),
            form_kwargs=lambda c: {
                "user": c.user,
                "initial": {name: getattr(c.obj, name) for name in services.COMPETITION_FIELDS},
            },
            call=lambda c: services.competition_update(actor=c.user, competition=c.obj, **c.data),
        ),
    ),
    Endpoint("participants", serializer=ParticipantSerializer, list=lists.PARTICIPANTS),
    Endpoint(
        "innovations",
        serializer=InnovationSerializer,
        list=lists.INNOVATIONS,
        get=selectors.get_innovation_for_user,
        lookup="innovation_id",
        create=Write(
            form=InnovationForm,
            service=services.innovation_record,
            picks=(Pick("employer", organisations.get_employer_for_user, label=_("employer")),),
            form_kwargs=lambda c: {"user": c.user, "employer": c.picked["employer"]},
            call=lambda c: services.innovation_record(actor=c.user, employer=c.picked["employer"], **c.data),
        ),
        update=Write(
            form=EvaluationForm,
            service=services.innovation_evaluate,
            form_kwargs=lambda c: {
                "initial": {
                    name: getattr(c.obj, name)
                    for name in ("outcome", "evaluated_on", "reason", "value_created", "reward")
                }
            },
            call=lambda c: services.innovation_evaluate(actor=c.user, innovation=c.obj, **c.data),
        ),
    ),
    Endpoint(
        "studios",
        serializer=StudioSerializer,
        list=lists.STUDIOS,
        get=selectors.get_studio_for_user,
        lookup="studio_id",
    ),
)
