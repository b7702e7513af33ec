"""``{% figure f %}``, ``{% chart spec "id" %}`` and ``{% chart_scripts %}``: figures on pages."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.templatetags.static import static
from django.utils.html import format_html, json_script

from gonghui.core.figures.base import Figure
from gonghui.core.figures.charts import Chart

register = template.Library()


@register.simple_tag
def figure(f: Figure | None, css: str = "") -> str:
    """A figure's number, a link to the rows behind it when it has one.

    The element carries ``data-figure`` (its key) and ``data-figure-value`` (the number) so that a
    browser check can compare the number with the length of the list its link opens.
    """
    if f is None:
        return "—"
    text = intcomma(f.value, False)
    if f.url:
        return format_html(
            '<a href="{}" class="{}" data-figure="{}" data-figure-value="{}">{}</a>', f.url, css, f.key, f.value, text
        )
    return format_html('<span class="{}" data-figure="{}" data-figure-value="{}">{}</span>', css, f.key, f.value, text)


@register.simple_tag
def chart(spec: Chart, element_id: str, height: int = 260) -> str:
    """A chart's element and its data (``json_script``); ``figures/charts.js`` draws it."""
    data_id = f"{element_id}-data"
    return format_html(
        '<div class="gh-chart" id="{}" data-chart="{}" style="height: {}px"></div>{}',
        element_id,
        data_id,
        int(height),
        json_script(spec.as_data(), data_id),
    )


@register.simple_tag
def chart_scripts() -> Any:
    """ECharts and the chart script, deferred (once per page, in the ``head`` block)."""
    return format_html(
        '<script src="{}" defer></script>\n<script src="{}" defer></script>',
        static("vendor/echarts/echarts.min.js"),
        static("figures/charts.js"),
    )


@register.filter
def grouped(value: Any) -> str:
    """A count with thousands separators whatever the language (``43,443``); "—" for none."""
    if value is None:
        return "—"
    return intcomma(int(value), False)


@register.filter
def yuan(value: Any) -> str:
    """An amount of yuan with separators and fen (``¥3,789,400.00``)."""
    if value is None:
        return "—"
    return f"¥{Decimal(value):,.2f}"
