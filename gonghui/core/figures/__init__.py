"""Figures by construction: a count with the list behind it, rates, years, townships, charts.

* ``Figure(value, url, key, label)``: a number of rows and the list page naming exactly them;
  ``list_url(url_name, **filters)`` builds that link from the list's own filter parameters.
* ``rate()``, ``percent()``, ``Rate``: one rule for a rate (four places, half up; none over zero).
* Years (``years.py``): the year a page was asked for, the years it offers, a trend's years, the
  year of a date column in SQL. Townships (``townships.py``): grouping by the union at depth 2.
* Charts (``charts.py``): a ``Chart`` described in Python, drawn by the one ``figures/charts.js``.
* The protocol (``registry.py``): a module publishes its figures as a ``FigureSource``; dashboards
  and reports read every module through it, and a generated test checks every figure against its list.
"""

from gonghui.core.figures.base import Figure, Rate, list_url, percent, rate
from gonghui.core.figures.registry import FigureSource, register, sources, sources_for

__all__ = ["Figure", "FigureSource", "Rate", "list_url", "percent", "rate", "register", "sources", "sources_for"]
