"""Declarative sheet specs: what a module says about a kind of spreadsheet it imports and exports.

A module declares one subclass of :class:`SheetSpec` per kind and registers it::

    @register
    class UnionSheet(SheetSpec):
        kind = "unions"
        title = _("Unions")
        columns = (Column("name", "工会名称", required=True), ...)
        import_permission = "tree.add_union"
        export_permission = "tree.view_union"
        def prepare(self, run): ...            # lookups, once per import, never a query per row
        def validate_row(self, run, row): ...  # add errors; set row.action and row.payload
        def write_batch(self, run, rows): ...  # bulk upsert of ~1,000 valid rows
        def finish(self, run): ...             # after the last batch, inside the same transaction
        def export_queryset(self, user, params): ...
        def export_values(self, obj): ...      # one list per object, in column order
        # (or export_rows(self, queryset) to read related data in bulk)

The engine (``engine.py``) does the rest: header mapping, cleaning, counts, preview, the error
workbook, the all-or-nothing write, the export and the audit rows.

Column headers are first a file format: the provincial templates are in Chinese, so a column is
declared with its Chinese header, import templates and error workbooks keep it in both languages,
and old headers live on as synonyms. An export is read by people: its headers are written in the
exporting user's language (``Column.title()``, through gettext with the Chinese header as the
message id; the English names are in ``core/sheets/locale/en/LC_MESSAGES/django.po``, or a
module's own ``locale/en`` catalogue). The reader knows every language's header, so a workbook
exported in English imports back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.http import Http404
from django.utils import translation

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from gonghui.core.sheets.engine import ImportRun, Row

Validator = Callable[[Any], None]  # raises django ValidationError


@dataclass(frozen=True)
class Column:
    """One column of a sheet kind: its template header, how to read it, and where it goes."""

    field: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    # "text", "code", "date" or "decimal": picks the reader's cleaner (code = ID, phone, credit code).
    type: str = "text"
    digits: int | None = None  # for codes: the expected number of characters
    # For codes written in capitals (the ID number's X, credit codes): lower-case letters are
    # changed to capitals, and the change is reported as a repair.
    upper: bool = False
    validators: tuple[Validator, ...] = ()
    # Dropdown values: (label in the sheet, stored value). Labels are matched exactly after trimming.
    choices: tuple[tuple[str, str], ...] = ()
    # Values offered as a dropdown in the template without restricting what the reader accepts
    # (a national list whose codes and short forms are also understood): called when the
    # template is written.
    suggestions: Callable[[], list[str]] | None = None
    help: Any = ""  # text or lazy text
    personal: str | None = None  # a masking kind (gonghui.core.privacy.masking); masked in exports
    max_length: int | None = None
    width: int = 18

    @property
    def is_code(self) -> bool:
        return self.type == "code"

    def title(self) -> str:
        """The header in the active language, as an export writes it (the Chinese header in Chinese)."""
        return translation.gettext(self.header)

    def names(self) -> tuple[str, ...]:
        """Every header a file may give the column: the header, its synonyms, its name in each language."""
        translated = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                translated.append(translation.gettext(self.header))
        return tuple(dict.fromkeys((self.header, *self.synonyms, *translated)))

    def dropdown(self) -> list[str]:
        """The values the template offers for this column (empty: none)."""
        if self.choices:
            return [label for label, _value in self.choices]
        return list(self.suggestions()) if self.suggestions else []


@dataclass
class ExportParams:
    """What the user asked to export: the list's filters, and whether unmasked data was requested."""

    filters: dict[str, str] = field(default_factory=dict)
    unmasked: bool = False
    union: Any = None  # narrows the export to this union's subtree (the CLI's --union)


class SheetSpec:
    """Base class of every sheet kind. Override the class attributes and the hooks."""

    kind: ClassVar[str] = ""
    title: ClassVar[Any] = ""
    columns: ClassVar[tuple[Column, ...]] = ()
    import_permission: ClassVar[str] = ""
    export_permission: ClassVar[str] = ""
    # Where the imported rows are finished (a URL name, no arguments): the preview links there.
    list_url_name: ClassVar[str] = ""
    instructions: ClassVar[Sequence[Any]] = ()
    # The list page this kind exports (``core.web.lists.ListDef``): the export cleans the query
    # string with the list's filter form, so it holds exactly the rows the page shows.
    page_list: ClassVar[Any] = None

    # --- import hooks -------------------------------------------------------------------------

    # Check once (``plans.py``): the ``run.state`` entries the write needs from the check, kept
    # with the check's plan so that the confirm step can write the checked rows without checking
    # them again. Set it (``()`` when the write needs none) only when ``write_batch`` and ``finish``
    # need nothing else than the rows (number, values, action, payload), what ``prepare`` loads
    # and these entries. None: the confirm step checks every row again.
    plan_state: ClassVar[tuple[str, ...] | None] = None
    # Whether ``write_batch`` reads ``row.values`` (False: a plan keeps only the payloads, smaller).
    plan_values: ClassVar[bool] = True

    def prepare(self, run: ImportRun) -> None:
        """Load the lookups once per pass (a dict of existing objects by natural key …)."""

    # Rows per window given to ``prescan`` before they are checked (0: no prescan).
    prescan_rows: ClassVar[int] = 0

    def prescan(self, run: ImportRun, rows: list[tuple[int, list[Any]]], header_map: Any) -> None:
        """See the next ``prescan_rows`` raw rows before any of them is checked: look them up in bulk.

        ``rows`` are (row number, raw values) as read; ``header_map.columns[i]`` is the Column of
        value ``i`` (or None). Memory stays bounded by the window.
        """

    def validate_row(self, run: ImportRun, row: Row) -> None:
        """Check one cleaned row; call ``row.error(field, message)``; set ``row.action`` and ``row.payload``."""
        raise NotImplementedError

    def write_batch(self, run: ImportRun, rows: list[Row]) -> None:
        """Write valid rows (bulk create / bulk update). Runs inside the import's transaction."""
        raise NotImplementedError

    def finish(self, run: ImportRun) -> None:
        """After the last batch, in the same transaction (fix counters, check scope …)."""

    # --- export hooks -------------------------------------------------------------------------

    def export_filters(self, query: Mapping[str, Any], user: Any) -> dict[str, str]:
        """The filters an export takes from a query string: the list's own, cleaned as the page cleans them."""
        if self.page_list is not None:
            return self.page_list.form(query, user).query()
        return {k: str(query.get(k, "")).strip()[:100] for k in ("q", "kind", "role") if query.get(k)}

    def exports(self) -> bool:
        """Whether the kind can be exported (it implements ``export_queryset``); an import-only kind cannot."""
        return type(self).export_queryset is not SheetSpec.export_queryset

    def export_queryset(self, user: Any, params: ExportParams) -> QuerySet[Any]:
        raise NotImplementedError

    def export_values(self, obj: Any) -> Iterable[Any]:
        """One object's cell values, in the order of ``columns`` (personal data unmasked: the engine masks)."""
        raise NotImplementedError

    def export_rows(self, queryset: QuerySet[Any]) -> Iterable[Iterable[Any]]:
        """Every object's values; override to read related data in bulk instead of per object."""
        for obj in queryset.iterator(chunk_size=2000):
            yield self.export_values(obj)

    # --- helpers ------------------------------------------------------------------------------

    def column(self, field_name: str) -> Column:
        for column in self.columns:
            if column.field == field_name:
                return column
        raise KeyError(field_name)


REGISTRY: dict[str, SheetSpec] = {}


def register(spec_class: type[SheetSpec]) -> type[SheetSpec]:
    """Class decorator: make ``spec_class`` importable and exportable under its ``kind``."""
    if not spec_class.kind:
        raise ValueError(f"{spec_class.__name__} has no kind")
    if spec_class.kind in REGISTRY and type(REGISTRY[spec_class.kind]) is not spec_class:
        raise ValueError(f"sheet kind {spec_class.kind!r} is registered twice")
    fields = [c.field for c in spec_class.columns]
    if len(set(fields)) != len(fields):
        raise ValueError(f"{spec_class.__name__} declares a field twice")
    REGISTRY[spec_class.kind] = spec_class()
    return spec_class


def get_spec(kind: str) -> SheetSpec:
    """The spec registered for ``kind``; ``KeyError`` when there is none."""
    return REGISTRY[kind]


def get_spec_or_404(kind: str) -> SheetSpec:
    try:
        return REGISTRY[kind]
    except KeyError:
        raise Http404 from None
