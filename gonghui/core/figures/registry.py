"""How a module publishes its figures, so that a dashboard or a report reads every module alike.

A module writes a ``FigureSource`` (a class with the attributes and the method below) and
registers an instance in its ``AppConfig.ready()``::

    class CoverageFigures:
        name = "organisations.coverage"
        title = _("Coverage")
        permission = "organisations.view_employer"

        def figures(self, user, *, year=None):
            return coverage_for_user(user, year=year).published()

    figures.register(CoverageFigures())

``figures(user, year=...)`` answers for ``user``'s scope: every ``Figure`` carries its drill-down
(the list page naming exactly the rows it counts), or none when that user may not open the list.
The generated test (``core/figures/tests/test_drilldowns.py``) checks, for every registered
source and every role holding its permission, that each linked figure equals the number of rows
its list shows to that role.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from gonghui.core.figures.base import Figure


@runtime_checkable
class FigureSource(Protocol):
    name: str  # "<app>.<what>", unique
    title: Any  # what a dashboard heads the figures with (lazy translation)
    permission: str  # who may read the figures ("app.codename")

    def figures(self, user: Any, *, year: int | None = None) -> list[Figure]: ...


_sources: dict[str, FigureSource] = {}


def register(source: FigureSource) -> FigureSource:
    """Publish a module's figures (from its ``AppConfig.ready()``); registering a name again replaces it."""
    if not isinstance(source, FigureSource):
        raise TypeError(f"{source!r} is not a FigureSource (name, title, permission, figures(user, year=)).")
    _sources[source.name] = source
    return source


def sources() -> list[FigureSource]:
    """Every registered source, by name."""
    return [_sources[name] for name in sorted(_sources)]


def sources_for(user: Any) -> list[FigureSource]:
    """The sources ``user`` may read."""
    return [source for source in sources() if user.has_perm(source.permission)]


def get_source(name: str) -> FigureSource:
    return _sources[name]
