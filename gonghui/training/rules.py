"""Skills training's rules as pure functions: completion, and which unions' courses a worker is offered."""

from __future__ import annotations

from gonghui.core.tree.paths import ancestor_paths


def attendance_rate(attended: int, sessions: int) -> int:
    """Sessions attended as a whole percentage of the course's sessions, rounded down (0 without sessions)."""
    if sessions <= 0:
        return 0
    return attended * 100 // sessions


def completes(*, attended: int, sessions: int, threshold: int, assessment_required: bool, passed: bool | None) -> bool:
    """A trainee completes the course when they attended at least ``threshold`` percent of its sessions
    (counted exactly: 4 of 5 sessions is 80 %, 3 of 4 is 75 %) and, where the course has an assessment,
    passed it."""
    if sessions <= 0 or attended * 100 < threshold * sessions:
        return False
    return passed is True or not assessment_required


def sessions_needed(sessions: int, threshold: int) -> int:
    """The fewest sessions a trainee must attend to reach ``threshold`` percent (ceiling)."""
    return -(-sessions * threshold // 100)


def offering_paths(worker_union_path: str) -> list[str]:
    """The unions whose courses a worker of the union at ``worker_union_path`` may enrol in.

    Their own union and every union above it (the township, the county)."""
    return ancestor_paths(worker_union_path, include_self=True)
