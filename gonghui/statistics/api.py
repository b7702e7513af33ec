"""Statistics form in the API (``/api/v1/statistics/``): the unions' forms of a year, one form, its steps (core/api).

``unions/``: the grassroots and joint unions of the caller's subtree with their form's state for
``?year=`` (the federation page's list); ``reports/``: the forms kept (``?year=``, ``?state=``);
``reports/<statistics_report_id>/``: one form with every value by code (the JSON file's document), and
its workflow steps (submit, reopen) under ``transitions/``.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gonghui.core.api import Endpoint
from gonghui.core.tree.models import Union
from gonghui.statistics import lists, output, selectors
from gonghui.statistics.models import StatisticsReport


class UnionFormSerializer(serializers.ModelSerializer):
    """A grassroots or joint union and its form of the year asked for."""

    year = serializers.IntegerField(source="statistics_year", read_only=True)
    report_id = serializers.IntegerField(read_only=True, allow_null=True)
    form_state = serializers.CharField(read_only=True, help_text="not_started, draft, failing or submitted")

    class Meta:
        model = Union
        fields = ["id", "name", "kind", "year", "report_id", "form_state"]
        read_only_fields = fields


class ReportSerializer(serializers.ModelSerializer):
    """A form as its union filed or is filling it: the values by code, as the JSON file writes them."""

    union_name = serializers.CharField(source="union.name", read_only=True)
    document = serializers.SerializerMethodField(
        help_text="One form's values by code (the JSON file's document); null in a list of forms."
    )

    class Meta:
        model = StatisticsReport
        fields = ["id", "union", "union_name", "year", "state", "code", "submitted_at", "document"]
        read_only_fields = fields

    def get_document(self, report: StatisticsReport) -> dict[str, Any] | None:
        view = self.context.get("view")
        if getattr(view, "action", "") != "retrieve":
            return None  # a list of forms: each form's values are counted when it is asked for
        user = self.context["request"].user
        return output.document(selectors.form_for_user(user, report.union, year=report.year))


ENDPOINTS = (
    Endpoint(
        "unions",
        serializer=UnionFormSerializer,
        list=lists.UNION_FORMS,  # the federation page's filters, selector and pager
        perm="statistics.view_statisticsreport",
    ),
    Endpoint(
        "reports",
        serializer=ReportSerializer,
        list=lists.REPORTS,
        get=selectors.get_report_for_user,  # 404 outside the caller's subtree
        lookup="statistics_report_id",  # named after its leak sampler
    ),
)
