"""Charts: a page describes a chart in Python, ``figures/charts.js`` draws it with ECharts.

A ``Chart`` is data, not script: categories, series (bars or a line, stacked or not, on a count,
percentage or yuan axis), an optional target line, and per point the list page that a click
opens. The page embeds it with ``{% chart spec "element-id" %}`` (a ``json_script`` beside the
chart's element; no inline script under the Content-Security-Policy) and loads the script once
with ``{% chart_scripts %}``. ECharts comes from npm and is served by the application.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Unit = Literal["count", "percent", "yuan"]


@dataclass
class Series:
    name: str
    data: list[float | int | None]
    type: Literal["bar", "line"] = "bar"
    color: str = ""
    colors: list[str] | None = None  # one colour per point (e.g. green where the target is met)
    stack: str = ""
    axis: int = 0  # the value axis it is drawn against (0, or 1 on the right)
    urls: list[str] | None = None  # per point: the list a click opens ("" for none)


@dataclass
class Axis:
    unit: Unit = "count"
    max: float | None = None


@dataclass
class Chart:
    categories: list[str]
    series: list[Series]
    axes: list[Axis] = field(default_factory=lambda: [Axis()])
    horizontal: bool = False  # categories down the side (long names)
    target: float | None = None  # a dashed line at this value, drawn with series ``target_series``
    target_label: str = ""
    target_series: int = 0

    def as_data(self) -> dict[str, Any]:
        """What ``charts.js`` reads (plain JSON)."""
        return asdict(self)
