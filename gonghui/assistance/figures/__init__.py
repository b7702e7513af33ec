"""Assistance figures (issue 6: "sustain full coverage of assistance to workers in deep hardship").

Every figure is an aggregate query over the user's scoped rows (``GROUP BY`` on indexed columns,
conditional ``COUNT``/``SUM``): files and grants are never loaded into Python, only the grouped
lines are (a few hundred at most). Each figure carries the file-list filter naming the rows
behind it (``state``, ``category``, ``cause``, ``township``, ``year`` of filing).

The rules:

* **Caseload**: files in state ``filed`` today, by hardship category, by main cause, by township
  and by year of filing. The *township* of a file is the union at depth 2 of the tree above its
  union (the first ``2 × steplen`` characters of ``union.path``): a township or sector federation,
  or a grassroots union directly under the county. A file kept by the county federation itself
  has no township.
* **Years**: per year, the files opened (year of application), filed (``filed_on``) and exited
  (``exited_on``) that year, whatever their state now, and how many of those filed that year are
  still filed. A reopened file (返困) starts again: its earlier filing date is gone.
* **Money** of the year, per programme of that year the user may use (``programs_for_user``: the
  programmes run in their subtree *and* those run by the unions above them, e.g. the county's):
  the programme's whole budget and its funding sources, against the money **granted to files in
  the user's subtree** — counted grants (of approved or paid batches), the paid part, and the
  households that received them. For the county every programme's grants are in scope, so the
  figures are the programmes' own. A township sees the county's programmes too, but only its own
  households' share of their money: its *share used* is that share of the whole budget, and the
  programme is marked as run above (``ProgramLine.run_above``). Budgets and funding sources are
  the programme's, not divided between townships (the budget is not allotted to them).
* **The speech's test**: of the households in deep hardship (filed files of category ``deep``),
  those *reached* in the year received at least one counted grant of that year (any programme,
  whichever union proposed it); the others are *not reached* (``unreached_files``). The caseload
  is today's: for a past year the test reads "of today's deep-hardship households, who received
  something that year".

Speed: eight queries whatever the number of files (caseload, township names, three year
groupings, programmes, grants, funding sources); see ``figures_for_user``.

One file per part: ``common`` (states, labels, the list linked to), ``lines`` (the dataclasses of
the page), ``queries`` (the grouped queries, ``figures_for_user``, ``money_for_user``), ``single``
(one figure alone, the unreached list) and ``source`` (``AssistanceFigures``, named in the manifest)."""

from gonghui.assistance.figures.common import (
    CATEGORIES,
    CATEGORY_COLOURS,
    CATEGORY_LABELS,
    CAUSE_LABELS,
    DEEP,
    EXITED,
    FILE_LIST,
    FILED,
    KIND_LABELS,
    LIST_PERMISSION,
    PAID,
    SOURCE_LABELS,
    ZERO,
    file_list_url,
    reached_grants,
)
from gonghui.assistance.figures.lines import (
    CaseLine,
    Figures,
    Money,
    ProgramLine,
    Reach,
    SourceLine,
    YearLine,
)
from gonghui.assistance.figures.queries import (
    figures_for_user,
    money_for_user,
)
from gonghui.assistance.figures.single import (
    filed_months,
    files_by_category,
    files_by_cause,
    files_by_township,
    files_by_year,
    reach_for_user,
    unreached_files,
)
from gonghui.assistance.figures.source import (
    AssistanceFigures,
)

__all__ = [
    "CATEGORIES",
    "CATEGORY_COLOURS",
    "CATEGORY_LABELS",
    "CAUSE_LABELS",
    "DEEP",
    "EXITED",
    "FILED",
    "FILE_LIST",
    "KIND_LABELS",
    "LIST_PERMISSION",
    "PAID",
    "SOURCE_LABELS",
    "ZERO",
    "AssistanceFigures",
    "CaseLine",
    "Figures",
    "Money",
    "ProgramLine",
    "Reach",
    "SourceLine",
    "YearLine",
    "figures_for_user",
    "file_list_url",
    "filed_months",
    "files_by_category",
    "files_by_cause",
    "files_by_township",
    "files_by_year",
    "money_for_user",
    "reach_for_user",
    "reached_grants",
    "unreached_files",
]
