"""Demo step: hardship assistance — household files, programmes, paid batches, pairings, a review.

System code writing in bulk (no services, no audit rows: the demo is system data), following
the rules of the assistance services exactly as they would have left the rows:

* ``PovertyLine``: the county's 低保 standard for every year a file needs (¥800 in 2022, about
  3 % more each year) and a lower standard for the rural townships (乡).
* About 1,200 household files at county size (60–100 small), for member workers of the
  grassroots and joint unions of the townships: ~55 % filed (deep ≈ 35 %, relative ≈ 50 %,
  sudden ≈ 15 %), ~25 % exited over the years (a few more than ten years ago: the purge has
  work to do), ~16 % on their way (application → checked → visited → verified → notice, the
  notices running around today), a few refused (some of them excluded: two homes, a business).
  Every file's figures are drawn so that ``classification.classify`` gives the category the
  file stores; ``per_head_monthly`` and the exclusions are stored as the services store them;
  other income is the members' monthly incomes × 12.
* Household members with valid GB 11643 numbers (sequence digits 900–999: never a worker's,
  checked against the workers' blind index), guardians' consents for most children under 14.
* Every file and batch has its timeline (start and each step at the day it happened) and, in a
  state with a deadline, its open deadline, by ``core.workflow.history`` (the workflow's own
  states and rules); a notice ends as ``services.notice_end`` counts it.
* Programmes of the county federation per year (送温暖, 金秋助学 with its rates, medical aid,
  living aid, 一帮一), funded by sources summing to the budget; paid batches per township for
  the past years (made, checked and approved by three different accounts), counted grants
  respecting one grant of a kind a year per household; one 送温暖 batch for next Spring
  Festival waiting for approval (made and checked by two different accounts).
* 一帮一 pairings for about one filed household in eight, with their visits.
* Last year's annual review at the county: every file filed when it opened, ≥ 30 % spot checks
  per township, all reviewed (the households that left hardship afterwards exited by it).

Speed: plain model instances written by the core bulk writer (``core.demo.bulk``), their ids
taken as they are made; the only per-file work is the classification arithmetic. Years are
counted from the demo's ``today`` (2026: programmes 2023–2027, review 2025).

One file per part of the county it builds: ``tables`` (the mixes and small rules), ``people``,
``plans``, ``households`` (the files and their histories), ``money`` (programmes, batches,
grants), ``pairings``, ``review`` and ``step`` (the ``@demo_step`` that runs them in order).
"""

from gonghui.assistance.demo.step import build_assistance

__all__ = ["build_assistance"]
