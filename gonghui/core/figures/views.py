"""The leader's dashboard: the page, its Excel export and its API."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gonghui.core.figures import dashboard, measures
from gonghui.core.figures.periods import RANGE, STATISTICS, YEAR, PeriodChoice, choose
from gonghui.core.figures.years import years_offered
from gonghui.core.web.lists import XLSX, download


def _choice(request: HttpRequest) -> PeriodChoice:
    return choose(request.GET, timezone.localdate())


def _readable(user: Any) -> None:
    if not measures.measures_for(user):
        raise PermissionDenied


def dashboard_context(request: HttpRequest) -> dict[str, Any]:
    """What the dashboard page shows (also the leader's and the county administrator's home)."""
    choice = _choice(request)
    sections = dashboard.build(request.user, choice.period)
    return {
        "choice": choice,
        "sections": sections,
        "years": years_offered(choice.year),
        "spans": [(YEAR, _("Calendar year")), (STATISTICS, _("Statistics year (1 Oct – 30 Sep)")), (RANGE, _("Range"))],
        "period": choice.period,
        "before": choice.period.last_year(),
        "export_query": choice.query(),
    }


@login_required
def dashboard_page(request: HttpRequest) -> HttpResponse:
    _readable(request.user)
    return render(request, "figures/dashboard.html", dashboard_context(request))


def _number(value: Decimal | int | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if isinstance(value, int) or value == value.to_integral_value() else float(value)


@login_required
def dashboard_export(request: HttpRequest) -> HttpResponse:
    """The dashboard's figure table as a workbook: every measure, then every township's line."""
    _readable(request.user)
    choice = _choice(request)
    tiles = dashboard.flat(dashboard.build(request.user, choice.period))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    pct = book.add_format({"num_format": "0.0%"})
    money = book.add_format({"num_format": "#,##0.00"})
    sheet = book.add_worksheet(_("Figures")[:31])
    sheet.write(
        0,
        0,
        _("Period: %(period)s; compared with %(before)s")
        % {"period": choice.period, "before": choice.period.last_year()},
    )
    heads = [
        _("Module"),
        _("Figure"),
        _("Value"),
        _("Same days last year"),
        _("Change"),
        _("Rate"),
        _("Rate last year"),
        _("Target"),
    ]
    for column, head in enumerate(heads):
        sheet.write(2, column, head, bold)
    for row, tile in enumerate(tiles, start=3):
        number_format = money if tile.is_yuan else None
        sheet.write(row, 0, str(dashboard.module_title(tile.measure.module)))
        sheet.write(row, 1, str(tile.measure.label))
        sheet.write_number(row, 2, _number(tile.value), number_format)
        sheet.write_number(row, 3, _number(tile.before), number_format)
        sheet.write_number(row, 4, _number(tile.change), number_format)
        for column, value in ((5, tile.rate), (6, tile.rate_before), (7, tile.target)):
            if value is not None:
                sheet.write_number(row, column, float(value), pct)
    sheet.set_column(0, 1, 24)
    sheet.set_column(2, 7, 14)
    towns = book.add_worksheet(_("Townships")[:31])
    for column, head in enumerate([_("Figure"), _("Rank"), _("Township"), _("Value"), _("Rate")]):
        towns.write(0, column, head, bold)
    row = 1
    for tile in tiles:
        for place in tile.ranking:
            towns.write(row, 0, str(tile.measure.label))
            towns.write_number(row, 1, place.rank)
            towns.write(row, 2, place.name)
            towns.write_number(row, 3, _number(place.value), money if tile.is_yuan else None)
            if place.rate is not None:
                towns.write_number(row, 4, float(place.rate), pct)
            row += 1
    towns.set_column(0, 0, 24)
    towns.set_column(2, 2, 30)
    book.close()
    name = _("dashboard") + f"-{choice.period.start:%Y%m%d}-{choice.period.end:%Y%m%d}.xlsx"
    return download(buffer.getvalue(), name, content_type=XLSX, fallback="dashboard.xlsx")


class _PlaceSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    township = serializers.CharField(source="name")
    value = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=False)
    rate = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True, coerce_to_string=False)
    url = serializers.CharField()


class _TileSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(source="measure.label")  # type: ignore[assignment]
    module = serializers.CharField(source="measure.module")
    unit = serializers.CharField(source="measure.unit")
    stock = serializers.BooleanField(source="measure.stock")
    value = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=False)
    before = serializers.DecimalField(max_digits=18, decimal_places=2, coerce_to_string=False)
    rate = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True, coerce_to_string=False)
    rate_before = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True, coerce_to_string=False)
    target = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True, coerce_to_string=False)
    share_of = serializers.CharField(source="measure.share_of")
    url = serializers.CharField()
    ranking = _PlaceSerializer(many=True)


class _DashboardSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    compared_start = serializers.DateField()
    compared_end = serializers.DateField()
    figures = _TileSerializer(many=True)


class DashboardAPI(APIView):
    """The dashboard's figures for the caller's part of the tree (``span``, ``year``, ``start``, ``end``)."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(
        operation_id="dashboard",
        parameters=[
            OpenApiParameter("span", str, enum=[YEAR, STATISTICS, RANGE]),
            OpenApiParameter("year", int),
            OpenApiParameter("start", str, description="YYYY-MM-DD (span=range)"),
            OpenApiParameter("end", str, description="YYYY-MM-DD (span=range)"),
        ],
        responses=_DashboardSerializer,
    )
    def get(self, request: Request) -> Response:
        _readable(request.user)
        choice = choose(request.query_params, timezone.localdate())
        before = choice.period.last_year()
        tiles = dashboard.flat(dashboard.build(request.user, choice.period))
        data = {
            "start": choice.period.start,
            "end": choice.period.end,
            "compared_start": before.start,
            "compared_end": before.end,
            "figures": tiles,
        }
        return Response(_DashboardSerializer(data).data)
