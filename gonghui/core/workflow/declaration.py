"""How a model declares its workflow: states, transitions, who may make them, deadlines.

A module declares and does nothing else; ``services.transition_perform`` enforces it,
writes the timeline and the audit log, and opens and closes deadlines::

    class AccountRequestFlow(Workflow):
        name = "account_request"               # unique, used in URLs
        model = "access.AccountRequest"        # the model carrying the state
        view_permission = "access.view_accountrequest"
        states = [
            State("submitted", _("Submitted"), deadline=WorkingDays(3),
                  responsible_roles={Role.SECURITY_ADMIN}),
            State("approved", _("Approved"), final=True),
            State("rejected", _("Rejected"), final=True, kind=StateKind.REFUSED),
        ]
        transitions = [
            Transition("approve", source="submitted", target="approved", label=_("Approve"),
                       roles={Role.SECURITY_ADMIN},
                       effect="gonghui.core.access.services.account_request_fulfil"),
            Transition("reject", source="submitted", target="rejected", label=_("Reject"),
                       roles={Role.SECURITY_ADMIN}, requires=("note",), style="danger"),
        ]

    RequestState = AccountRequestFlow.constants  # RequestState.SUBMITTED == "submitted"

    class AccountRequest(models.Model):
        state = StateField(AccountRequestFlow)  # choices: RequestState.choices
        union = models.ForeignKey("tree.Union", ...)

The object's union (``Workflow.union_of``, ``obj.union`` by default) scopes the timeline,
the deadlines and the audit rows.

**State constants.** Each workflow generates ``Flow.constants``, a ``TextChoices`` of its states
(``FILED = "filed", _("Filed")``): a module names it once (``FileState = HardshipFileFlow.constants``)
and writes ``FileState.FILED`` wherever it means a state; the model's ``StateField(Flow)`` takes
its choices from it. Each state has a **kind** (``StateKind``: open, waiting, done, refused,
cancelled), which colours its badge (``{% workflow_state obj %}``, ``templatetags/workflow.py``).

**Effects by dotted path.** ``effect="gonghui.assistance.services.file_approve"`` names the
function, imported when the transition first runs, so ``workflows.py`` (imported by
``models.py``) imports no services. The core calls it with the object (positionally, or as the
first keyword-only argument that is not ``actor``, ``note`` or ``data``: a service's
``file=``) and with those of ``actor``, ``note`` and ``data`` it accepts, inside the transition's
transaction; an effect that takes no ``data`` gets the step form's fields it names as keyword
arguments instead.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, ClassVar

from django.apps import apps
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.roles import Role
from gonghui.core.workflow.rules import CalendarDays, Rule, WorkingDays

__all__ = [
    "CalendarDays",
    "State",
    "StateField",
    "StateKind",
    "Transition",
    "Workflow",
    "WorkingDays",
    "workflow_for",
]

REQUIREMENTS = frozenset({"note", "attachment"})

Guard = Callable[[Any, Any], bool]
Effect = Callable[..., Any]


class StateKind(StrEnum):
    """What a state means to someone reading a list: it colours the state's badge."""

    OPEN = "open"  # work under way, the holder's to move on
    WAITING = "waiting"  # waiting for someone (a check, an approval, a reply)
    DONE = "done"  # reached what it was for (approved, founded, paid, filed)
    REFUSED = "refused"  # refused or rejected
    CANCELLED = "cancelled"  # ended without it: withdrawn, cancelled, closed, left


@dataclass(frozen=True)
class State:
    """One state. ``deadline``: the rule giving its due date; ``responsible_roles``: who is reminded.

    Without ``responsible_roles`` the roles of the transitions leaving the state are reminded.
    ``kind`` (a :class:`StateKind`) colours its badge: ``done`` for a final state, ``open`` for
    another, unless declared.
    """

    name: str
    label: Any
    deadline: Rule | None = None
    responsible_roles: frozenset[str] = frozenset()
    final: bool = False
    kind: StateKind | str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "responsible_roles", frozenset(self.responsible_roles))
        if self.final and self.deadline is not None:
            raise ValueError(f"final state {self.name!r} cannot have a deadline")
        default = StateKind.DONE if self.final else StateKind.OPEN
        try:
            object.__setattr__(self, "kind", StateKind(self.kind or default))
        except ValueError:
            raise ValueError(f"state {self.name!r}: unknown kind {self.kind!r}") from None

    @property
    def constant(self) -> str:
        """Its name in the workflow's constants: ``"cover_by_joint"`` → ``COVER_BY_JOINT``."""
        return re.sub(r"\W", "_", self.name).upper()


@dataclass(frozen=True)
class Transition:
    """A move from ``source`` (one state or several) to ``target``.

    * ``roles``: the roles that may make it (the object must also be in the actor's scope);
    * ``guard(obj, actor) -> bool``: a further condition, ``guard_message`` says why it failed;
    * ``requires``: ``"note"`` (a reason) and/or ``"attachment"`` (a file);
    * ``effect``: more work in the same transaction (its return value is
      ``TransitionResult.effect``), a function or its dotted path (imported when first run, so
      the workflow imports no services): called with the object and with those of ``actor``,
      ``note`` and ``data`` it accepts (see the module docstring); it raises ``ValidationError``
      to refuse and roll back;
    * ``form``: a form class (or its dotted path, imported when first used) asking for the
      step's data, built as ``Form(data, files, obj=obj, actor=user)``; the step page shows it
      above the note, and its effect's ``data`` is the form's ``cleaned_data``;
    * ``done_template``: rendered after success instead of a redirect (for a one-time secret).
    """

    name: str
    source: str | tuple[str, ...]
    target: str
    label: Any
    roles: frozenset[str] = frozenset()
    guard: Guard | None = None
    guard_message: Any = None
    requires: tuple[str, ...] = ()
    effect: Effect | str | None = None
    done_template: str | None = None
    form: Any = None
    style: str = "primary"
    icon: str = "arrow-right-circle"

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(self.roles))
        object.__setattr__(self, "requires", tuple(self.requires))
        if isinstance(self.source, str):
            object.__setattr__(self, "source", (self.source,))
        unknown = set(self.requires) - REQUIREMENTS
        if unknown:
            raise ValueError(f"transition {self.name!r}: unknown requirement(s) {sorted(unknown)}")
        if not self.roles:
            raise ValueError(f"transition {self.name!r} names no role that may make it")

    @property
    def sources(self) -> tuple[str, ...]:
        return self.source  # type: ignore[return-value]

    @property
    def has_form(self) -> bool:
        return self.form is not None

    def form_class(self) -> type[Any] | None:
        """The step's form class, its dotted path imported on first use (a module may import the models)."""
        if isinstance(self.form, str):
            return import_string(self.form)
        return self.form

    def effect_function(self) -> Effect | None:
        """The effect, its dotted path imported on first use (the services import the models)."""
        if isinstance(self.effect, str):
            return import_string(self.effect)
        return self.effect

    def run_effect(self, obj: Any, *, actor: Any, note: str, data: dict[str, Any] | None) -> Any:
        """Call the effect with the object and with those of ``actor``, ``note``, ``data`` it takes.

        The object goes positionally to an effect whose first parameter is positional, else to its
        first keyword-only parameter other than those three (``file=`` of a service). ``data`` is
        the step form's cleaned data (an empty dict when there is none); an effect that takes no
        ``data`` gets instead each of the form's fields it names (every field, if it takes ``**fields``)
        as a keyword argument of that name (``motion_answer(*, actor, motion, answer, answered_on)``).
        """
        effect = self.effect_function()
        if effect is None:
            return None
        parameters = inspect.signature(effect).parameters
        offered = {"actor": actor, "note": note, "data": dict(data or {})}
        kwargs = {name: value for name, value in offered.items() if name in parameters}
        first = next(iter(parameters.values()), None)
        if first is not None and first.kind in (first.POSITIONAL_ONLY, first.POSITIONAL_OR_KEYWORD):
            return effect(obj, **kwargs, **self._fields(parameters, data, taken={*offered, first.name}))
        for name, parameter in parameters.items():
            if parameter.kind == parameter.KEYWORD_ONLY and name not in offered:
                fields = self._fields(parameters, data, taken={*offered, name})
                return effect(**{name: obj}, **kwargs, **fields)
        raise TypeError(f"transition {self.name!r}: its effect takes no argument for the object")

    def _fields(
        self, parameters: Mapping[str, inspect.Parameter], data: dict[str, Any] | None, *, taken: set[str]
    ) -> dict[str, Any]:
        """The form's fields an effect without ``data`` takes as keyword arguments of their own names."""
        if not data or "data" in parameters:
            return {}
        every = any(parameter.kind == parameter.VAR_KEYWORD for parameter in parameters.values())
        fields = {name: value for name, value in data.items() if every or name in parameters}
        if taken & set(fields):
            raise TypeError(
                f"transition {self.name!r}: form fields {sorted(taken & set(fields))} clash with its effect's"
            )
        return fields


_registry: dict[str, type[Workflow]] = {}
_by_model: dict[str, type[Workflow]] = {}


class Workflow:
    """Subclass it to declare a workflow; the subclass registers itself under ``name``."""

    name: ClassVar[str]
    model: ClassVar[str]
    states: ClassVar[Iterable[State]]
    transitions: ClassVar[Iterable[Transition]]
    state_field: ClassVar[str] = "state"
    # Needed (besides scope) to see the object's timeline, attachments and transition pages.
    view_permission: ClassVar[str | None] = None
    # Roles at the parent union who are reminded of an escalated deadline, besides the
    # roles responsible for it.
    escalation_roles: ClassVar[frozenset[str]] = frozenset({Role.COUNTY_ADMIN, Role.UNION_STAFF})
    # How many unions up an overdue deadline climbs, one grace period apart (the first to the
    # parent of its responsible union, the next to that union's parent …); None: up to the root.
    escalation_levels: ClassVar[int | None] = 1
    # Relations the object's text (``str(obj)``) reads, fetched with the objects wherever they
    # are listed in bulk (the reminders page), so that no row costs a query of its own.
    list_related: ClassVar[tuple[str, ...]] = ()

    state_map: ClassVar[dict[str, State]]
    transition_map: ClassVar[dict[str, Transition]]
    # Generated: a TextChoices of the states (``HardshipFileState.FILED == "filed"``), see the docstring.
    constants: ClassVar[Any]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            return  # an abstract intermediate class
        cls.state_map = {state.name: state for state in cls.states}
        cls.transition_map = {t.name: t for t in cls.transitions}
        model_name = cls.model.rpartition(".")[2]
        choices: Any = models.TextChoices  # the functional API: Enum(name, [(member, (value, label))])
        cls.constants = choices(
            f"{model_name}State", [(state.constant, (state.name, state.label)) for state in cls.state_map.values()]
        )
        if not cls.state_map:
            raise ValueError(f"workflow {cls.name!r} declares no state")
        for transition in cls.transition_map.values():
            for state_name in (*transition.sources, transition.target):
                if state_name not in cls.state_map:
                    raise ValueError(
                        f"workflow {cls.name!r}: transition {transition.name!r} names unknown {state_name!r}"
                    )
        for state in cls.state_map.values():
            if state.final and any(state.name in t.sources for t in cls.transition_map.values()):
                raise ValueError(f"workflow {cls.name!r}: final state {state.name!r} has a way out")
        if cls.name in _registry and _registry[cls.name].__qualname__ != cls.__qualname__:
            raise ValueError(f"two workflows are named {cls.name!r}")
        _registry[cls.name] = cls
        _by_model[cls.model.lower()] = cls

    # --- The declaration, read back -----------------------------------------------------

    @classmethod
    def initial_state(cls) -> str:
        """The first state declared."""
        return next(iter(cls.state_map))

    @classmethod
    def choices(cls) -> list[tuple[str, Any]]:
        return [(state.name, state.label) for state in cls.state_map.values()]

    @classmethod
    def state(cls, name: str) -> State:
        return cls.state_map[name]

    @classmethod
    def state_kind(cls, name: str) -> StateKind | None:
        state = cls.state_map.get(name)
        return StateKind(str(state.kind)) if state is not None else None

    @classmethod
    def states_of_kind(cls, *kinds: StateKind) -> tuple[str, ...]:
        """The names of the states of these kinds, in declared order."""
        return tuple(state.name for state in cls.state_map.values() if state.kind in kinds)

    @classmethod
    def state_label(cls, name: str) -> Any:
        state = cls.state_map.get(name)
        return state.label if state is not None else name

    @classmethod
    def transition(cls, name: str) -> Transition | None:
        return cls.transition_map.get(name)

    @classmethod
    def transitions_from(cls, state: str) -> list[Transition]:
        return [t for t in cls.transition_map.values() if state in t.sources]

    @classmethod
    def responsible_roles(cls, state: str) -> frozenset[str]:
        declared = cls.state_map[state].responsible_roles
        if declared:
            return declared
        return frozenset(role for t in cls.transitions_from(state) for role in t.roles)

    @classmethod
    def model_class(cls) -> type[models.Model]:
        return apps.get_model(cls.model)

    # --- Hooks a workflow may override --------------------------------------------------

    @classmethod
    def union_of(cls, obj: Any) -> Any:
        """The union the object belongs to: scopes its timeline, deadlines and audit rows."""
        return obj.union

    @classmethod
    def responsible_union(cls, obj: Any, state: str) -> Any:
        """The union answerable for a deadline in ``state``; escalation goes to its parent."""
        return cls.union_of(obj)

    @classmethod
    def current(cls, obj: Any) -> str:
        return str(getattr(obj, cls.state_field))

    @classmethod
    def deadline_rule(cls, obj: Any, state: str, entered_on: date) -> tuple[Rule, date] | None:
        """The rule of ``obj``'s deadline in ``state`` and the day it counts from (itself not counted).

        By default the state's declared rule, counted from the day the state was entered. A
        workflow whose object carries a period of its own for a state (a public notice of so
        many working days from a chosen day) returns that period, so the deadline is its end.
        """
        rule = cls.state_map[state].deadline
        return (rule, entered_on) if rule is not None else None


def workflow_named(name: str) -> type[Workflow] | None:
    return _registry.get(name)


def workflow_for(obj_or_model: Any) -> type[Workflow]:
    """The workflow declared for a model instance or class."""
    label = obj_or_model._meta.label_lower
    try:
        return _by_model[label]
    except KeyError:
        raise LookupError(f"{label} declares no workflow") from None


def workflows() -> dict[str, type[Workflow]]:
    return dict(_registry)


class StateField(models.CharField):
    """The state column of a workflow model: its choices and default come from the workflow."""

    def __init__(self, workflow: type[Workflow] | None = None, *args: Any, **kwargs: Any) -> None:
        if workflow is not None:
            kwargs.setdefault("choices", workflow.constants.choices)
            kwargs.setdefault("default", workflow.initial_state())
        kwargs.setdefault("verbose_name", _("state"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("db_index", True)
        # Only transitions change it, never a form.
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
