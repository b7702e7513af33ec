"""Endpoints: a module's declared list, selector, forms and services, served as one DRF viewset.

See the package docstring (``gonghui.core.api``) for what a module writes; this file builds the
viewset from it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from gonghui.core.api import forms as api_forms
from gonghui.core.api.pagination import ListPagination
from gonghui.core.sheets.specs import REGISTRY as SHEETS
from gonghui.core.web.converters import parse_id
from gonghui.core.web.lists import ListDef

# --- What a module declares ---------------------------------------------------------------------


@dataclass
class Context:
    """What a write's ``form_kwargs`` and ``call`` are given."""

    request: Request
    user: Any
    obj: Any = None  # the object edited (PATCH) or None (POST)
    picked: dict[str, Any] = field(default_factory=dict)  # objects named in the body (``Pick``)
    form: Any = None  # the bound, valid form (for ``call``)

    @property
    def data(self) -> dict[str, Any]:
        """The form's cleaned data."""
        return dict(self.form.cleaned_data)


@dataclass(frozen=True)
class Pick:
    """A body field naming an object by id that the form and the service need (the applicant of a new file).

    ``get(user, id)`` is the module's ``get_<thing>_for_user`` selector: outside scope it raises
    ``Http404`` and the request answers 404, as the page naming that object in its URL would.
    """

    name: str
    get: Callable[[Any, int], Any]
    label: Any = ""


@dataclass(frozen=True)
class Write:
    """A write through the page's form and the page's service.

    * ``form``: the page's form class, bound as ``form(data, files, **form_kwargs(ctx))``;
    * ``service``: the ``@service`` the page calls; its ``perm`` (or ``perm`` here) is checked first (403);
    * ``call(ctx)``: calls it with ``actor=ctx.user`` and the form's data, returns the object written;
    * ``answer(result)``: the object to answer with when the service returns something else
      (``member_add`` returns the membership; the endpoint answers with its worker);
    * ``picks``: objects named by id in the body before the form is built;
    * ``leave_out``: fields of the form this write does not offer (removed as the page removes them).
    """

    form: type[forms.BaseForm]
    service: Callable[..., Any]
    call: Callable[[Context], Any]
    form_kwargs: Callable[[Context], Mapping[str, Any]] | None = None
    picks: tuple[Pick, ...] = ()
    perm: str | tuple[str, ...] | None = None
    answer: Callable[[Any], Any] | None = None
    leave_out: tuple[str, ...] = ()

    def build(self, *args: Any, **kwargs: Any) -> forms.BaseForm:
        form = self.form(*args, **kwargs)
        for name in self.leave_out:
            del form.fields[name]
        return form

    def required_perms(self) -> tuple[str, ...]:
        """The permissions checked before anything is read (the service's own, unless it depends on the object)."""
        if self.perm is not None:
            return (self.perm,) if isinstance(self.perm, str) else tuple(self.perm)
        info = getattr(self.service, "service", None)
        if info is None:
            raise ImproperlyConfigured(f"{self.service!r} is not a @service")
        perm = info.perm
        if perm is None or callable(perm):
            return ()  # the service checks it itself (403 when refused)
        return (perm,) if isinstance(perm, str) else tuple(perm)


@dataclass(frozen=True)
class ObjectAction:
    """A write on one object besides changing it: ``POST …/<lookup>/<name>/`` (a sitting's attendance, a vote).

    ``write`` is a ``Write`` as for ``create``/``update``: the page's form validates the body, the
    page's service writes (its permission checked first, 403), ``ctx.obj`` is the object named in
    the path (404 outside scope). The answer is that object after the write, as ``GET …/<lookup>/``
    reads it (200); ``write.answer`` maps a service's result to it (a ballot to its item).
    """

    name: str
    write: Write
    summary: Any = ""

    @property
    def method(self) -> str:
        """The viewset method serving it (``act_<name>``)."""
        return "act_" + self.name.replace("-", "_")


@dataclass(frozen=True)
class Endpoint:
    """One kind of object of a module in the API: ``/api/v1/<module prefix><path>/``.

    * ``serializer``: how a row and an object are written out (personal data through ``MaskedField``);
    * ``list``: the module's ``ListDef``: its filter form cleans the query string, its selector
      answers, its pager pages (``GET …/``);
    * ``get`` and ``lookup``: the module's ``get_<thing>_for_user(user, id)`` selector and the URL
      parameter naming the object, named after its leak sampler (``GET …/<lookup>/``);
    * ``perm``: what reading needs (default: the permission of the list's export, which is the page's);
    * ``create`` / ``update``: writes (``POST …/``, ``PATCH …/<lookup>/``);
    * ``viewed(user, obj)``: records that the user opened the object, as its page does;
    * ``actions``: further writes on one object, each ``POST …/<lookup>/<name>/`` (``ObjectAction``);
    * ``transitions``: when the object's model has a workflow, ``GET …/<lookup>/transitions/``
      lists the steps the user may take now and ``POST …/<lookup>/transitions/<name>/`` takes one
      (``False``: not in the API).
    """

    path: str
    serializer: type[serializers.BaseSerializer]
    list: ListDef | None = None
    get: Callable[[Any, int], Any] | None = None
    lookup: str = ""
    perm: str | tuple[str, ...] = ""
    create: Write | None = None
    update: Write | None = None
    viewed: Callable[[Any, Any], Any] | None = None
    transitions: bool = True
    description: Any = ""
    actions: tuple[ObjectAction, ...] = ()

    def __post_init__(self) -> None:
        if self.list is None and self.get is None:
            raise ImproperlyConfigured(f"endpoint {self.path!r} serves neither a list nor an object")
        if self.actions and self.get is None:
            raise ImproperlyConfigured(f"endpoint {self.path!r}: actions on an object need get=")
        if (self.get is not None or self.update is not None) and not self.lookup:
            raise ImproperlyConfigured(f"endpoint {self.path!r}: name its URL parameter (lookup='<thing>_id')")
        if self.update is not None and self.get is None:
            raise ImproperlyConfigured(f"endpoint {self.path!r}: an update needs get=")

    @property
    def model(self) -> Any:
        meta = getattr(self.serializer, "Meta", None)
        return getattr(meta, "model", None)

    def read_perms(self) -> tuple[str, ...]:
        if self.perm:
            return (self.perm,) if isinstance(self.perm, str) else tuple(self.perm)
        if self.list is not None and self.list.export and self.list.export in SHEETS:
            return (SHEETS[self.list.export].export_permission,)
        if self.model is not None:
            return (f"{self.model._meta.app_label}.view_{self.model._meta.model_name}",)
        raise ImproperlyConfigured(f"endpoint {self.path!r}: say what reading needs (perm=)")

    def workflow(self) -> Any:
        """The workflow of the endpoint's model, or None."""
        if not self.transitions or self.get is None or self.model is None:
            return None
        from gonghui.core.workflow.declaration import workflow_for

        try:
            return workflow_for(self.model)
        except LookupError:
            return None


# --- Permission, filters --------------------------------------------------------------------------


class EndpointPermission(BasePermission):
    """Signed in, and holding what the action needs: reading the list's permission, writing the service's."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        return all(user.has_perm(perm) for perm in view.required_perms())


class FilterFormBackend(BaseFilterBackend):
    """Describes a list's filter form as query parameters (the filtering itself is the selector's)."""

    def filter_queryset(self, request: Request, queryset: Any, view: Any) -> Any:
        return queryset

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        listdef = view.endpoint.list
        parameters = []
        for name, form_field in listdef.filters.base_fields.items():
            schema: dict[str, Any] = {"type": "string"}
            if getattr(form_field, "max_length", None):
                schema["maxLength"] = form_field.max_length
            choices = getattr(form_field.widget, "choices", None)
            values = api_forms.choice_values(choices)
            if values:
                schema["enum"] = [str(value) for value in values]
            parameters.append(
                {
                    "name": name,
                    "required": False,
                    "in": "query",
                    "description": str(form_field.label or name),
                    "schema": schema,
                }
            )
        return parameters


# --- The schema's error answers -----------------------------------------------------------------

ERRORS = OpenApiResponse(
    response={
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "description": "Messages by field; non_field_errors for the whole request.",
    },
    description=gettext_lazy("Refused: the messages of the page's form, by field."),
)
DETAIL = {"type": "object", "properties": {"detail": {"type": "string"}}}
FORBIDDEN = OpenApiResponse(response=DETAIL, description=gettext_lazy("Not signed in, or not permitted."))
NOT_FOUND = OpenApiResponse(response=DETAIL, description=gettext_lazy("No such object in your part of the tree."))


class TransitionSerializer(serializers.Serializer):
    """A step the caller may take on the object now."""

    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # the step's label, not the field's
    target = serializers.CharField()
    requires = serializers.ListField(child=serializers.CharField())
    url = serializers.URLField()


# --- The viewset --------------------------------------------------------------------------------


def _object_id(kwargs: Mapping[str, Any], lookup: str) -> int:
    object_id = parse_id(kwargs.get(lookup, ""))
    if object_id is None:
        raise Http404("no such object")
    return object_id


class ModuleSchema(AutoSchema):
    """A module's serializers are named after their module in the schema (``OrganisationsEmployer``):
    two modules may each have an ``EmployerSerializer`` of their own."""

    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        name = str(super().get_serializer_name(serializer, direction))
        parts = type(serializer).__module__.split(".")
        if len(parts) > 2 and parts[0] == "gonghui" and parts[1] != "core":
            prefix = api_forms._camel(parts[1])
            if not name.startswith(prefix):
                name = prefix + name
        return name


class EndpointViewSet(viewsets.GenericViewSet):
    """The base of every generated viewset; ``endpoint`` is set on the subclass."""

    endpoint: Endpoint
    module: str = ""
    permission_classes = [EndpointPermission]
    pagination_class = ListPagination
    filter_backends = [FilterFormBackend]
    metadata_class = None  # no OPTIONS description: the schema is the description
    schema = ModuleSchema()

    def get_queryset(self) -> Any:  # the model, for the schema; rows come from the selectors
        model = self.endpoint.model
        if model is None:
            raise ImproperlyConfigured("the endpoint's serializer names no model")
        return model._default_manager.none()

    def get_serializer_class(self) -> Any:
        return self.endpoint.serializer

    def required_perms(self) -> tuple[str, ...]:
        if self.action == "create" and self.endpoint.create is not None:
            return self.endpoint.create.required_perms()
        if self.action == "partial_update" and self.endpoint.update is not None:
            return self.endpoint.update.required_perms()
        for act in self.endpoint.actions:
            if self.action == act.method:
                return act.write.required_perms()
        return self.endpoint.read_perms()

    # -- reads ---------------------------------------------------------------------------------

    def _list(self, request: Request) -> Response:
        listdef = self.endpoint.list
        assert listdef is not None
        form = listdef.form(request.query_params, request.user)
        if not form.is_valid():
            return Response(api_forms.form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        rows = listdef.rows_for(request.user, form)
        paginator = self.paginator
        assert isinstance(paginator, ListPagination)
        page = paginator.paginate(request, rows, listdef=listdef, query=form.query())
        if listdef.decorate is not None:
            page = listdef.decorate(page)
        serializer = self.get_serializer(page, many=True)
        return paginator.get_paginated_response(serializer.data)

    def _object(self, request: Request, kwargs: Mapping[str, Any]) -> Any:
        getter = self.endpoint.get
        assert getter is not None
        return getter(request.user, _object_id(kwargs, self.endpoint.lookup))

    def _shown(self, obj: Any) -> Any:
        """``obj`` with what its list adds to a row (``ListDef.decorate``: totals read in bulk)."""
        listdef = self.endpoint.list
        return listdef.decorate([obj])[0] if listdef is not None and listdef.decorate is not None else obj

    def _retrieve(self, request: Request, **kwargs: Any) -> Response:
        obj = self._object(request, kwargs)
        if self.endpoint.viewed is not None:
            self.endpoint.viewed(request.user, obj)
        return Response(self.get_serializer(self._shown(obj)).data)

    # -- writes ---------------------------------------------------------------------------------

    def _write(self, request: Request, write: Write, obj: Any = None) -> Response:
        ctx = Context(request=request, user=request.user, obj=obj)
        body = api_forms.body_items(request.data)
        missing: dict[str, list[str]] = {}
        for pick in write.picks:
            object_id = parse_id(body.get(pick.name, ""))
            if object_id is None:
                missing[pick.name] = [_("Give the id of an object you can see.")]
                continue
            ctx.picked[pick.name] = pick.get(request.user, object_id)  # Http404 outside scope
        if missing:
            return Response(missing, status=status.HTTP_400_BAD_REQUEST)
        kwargs = dict(write.form_kwargs(ctx)) if write.form_kwargs is not None else {}
        start = api_forms.starting_data(write.build(**kwargs))
        form = write.build(api_forms.merged(start, request.data), request.FILES or None, **kwargs)
        if not form.is_valid():
            return Response(api_forms.form_errors(form), status=status.HTTP_400_BAD_REQUEST)
        ctx.form = form
        try:
            result = write.call(ctx)
        except ValidationError as exc:
            return Response(api_forms.service_errors(exc), status=status.HTTP_400_BAD_REQUEST)
        written = write.answer(result) if write.answer is not None else result
        if written is None:
            written = obj
        if self.endpoint.get is not None and getattr(written, "pk", None) is not None:
            written = self.endpoint.get(request.user, written.pk)  # read back as the detail reads it
        code = status.HTTP_201_CREATED if obj is None else status.HTTP_200_OK
        return Response(self.get_serializer(self._shown(written)).data, status=code)

    def _create(self, request: Request) -> Response:
        assert self.endpoint.create is not None
        return self._write(request, self.endpoint.create)

    def _partial_update(self, request: Request, **kwargs: Any) -> Response:
        assert self.endpoint.update is not None
        obj = self._object(request, kwargs)
        return self._write(request, self.endpoint.update, obj)

    def _act(self, request: Request, name: str, **kwargs: Any) -> Response:
        act = next(act for act in self.endpoint.actions if act.name == name)
        obj = self._object(request, kwargs)
        return self._write(request, act.write, obj)

    # -- workflow ---------------------------------------------------------------------------------

    def _available(self, request: Request, obj: Any) -> list[Any]:
        from gonghui.core.workflow import selectors as workflow_selectors

        flow = self.endpoint.workflow()
        if not workflow_selectors.may_view(request.user, flow):
            raise Http404("no such object")
        return workflow_selectors.available_transitions(request.user, obj)

    def _transitions(self, request: Request, **kwargs: Any) -> Response:
        obj = self._object(request, kwargs)
        base = request.build_absolute_uri(request.path)
        steps = [
            {
                "name": step.name,
                "label": str(step.label),
                "target": step.target,
                "requires": list(step.requires),
                "url": f"{base}{step.name}/",
            }
            for step in self._available(request, obj)
        ]
        return Response(steps)

    def _transition(self, request: Request, name: str, **kwargs: Any) -> Response:
        from gonghui.core.workflow import services as workflow_services
        from gonghui.core.workflow.forms import TransitionForm

        obj = self._object(request, kwargs)
        flow = self.endpoint.workflow()
        step = flow.transition(name)
        if step not in self._available(request, obj):
            raise PermissionDenied(_("You cannot take this step on this item now."))
        data = api_forms.body_items(request.data)
        files = request.FILES or None
        note_form = TransitionForm(data, files, transition=step)
        form_class = step.form_class()
        data_form = form_class(data, files, obj=obj, actor=request.user) if form_class is not None else None
        valid = [note_form.is_valid(), data_form is None or data_form.is_valid()]
        if not all(valid):
            return Response(api_forms.form_errors(note_form, data_form), status=status.HTTP_400_BAD_REQUEST)
        try:
            workflow_services.transition_perform(
                actor=request.user,
                obj=obj,
                name=step.name,
                note=note_form.cleaned_data["note"],
                attachment=note_form.cleaned_data["attachment"],
                data=data_form.cleaned_data if data_form is not None else None,
            )
        except ValidationError as exc:
            return Response(api_forms.service_errors(exc), status=status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(self._shown(self._object(request, kwargs))).data)


def _lookup_parameter(endpoint: Endpoint) -> OpenApiParameter:
    return OpenApiParameter(
        endpoint.lookup, OpenApiTypes.INT64, OpenApiParameter.PATH, description=gettext_lazy("The object's id.")
    )


def _write_serializer(module: str, endpoint: Endpoint, write: Write, purpose: str = "") -> Any:
    extra = {pick.name: serializers.IntegerField(help_text=pick.label or None, min_value=1) for pick in write.picks}
    if write.form is forms.Form:  # no form: only the objects it names
        purpose = purpose or ("update" if write is endpoint.update else "create")
        name = f"{module}_{endpoint.path}_{purpose}"
    else:
        name = api_forms.component_name(write.form, "_".join(write.leave_out) and "partial")
    return api_forms.form_serializer(name, [write.form], extra=extra, leave_out=write.leave_out)


def _step_serializer(flow: Any, step: Any) -> Any:
    from gonghui.core.workflow.forms import TransitionForm

    form_class = step.form_class()
    classes = [TransitionForm, *([form_class] if form_class is not None else [])]
    serializer = api_forms.form_serializer(f"{flow.name}_{step.name}_step", classes)
    for name in step.requires:  # required by the step, not by the form's declaration
        serializer._declared_fields[name].required = True  # type: ignore[attr-defined]
    return serializer


def viewset_for(module: str, endpoint: Endpoint) -> type[EndpointViewSet]:
    """The viewset serving ``endpoint`` of ``module``: only the actions it declares."""
    tag = module
    resource = str(endpoint.description) or (endpoint.serializer.__doc__ or "").strip()
    attributes: dict[str, Any] = {
        "endpoint": endpoint,
        "module": module,
        "__doc__": resource or None,
        "__module__": __name__,
    }
    path_parameter = [_lookup_parameter(endpoint)] if endpoint.lookup else []
    if endpoint.list is not None:
        attributes["lookup_url_kwarg"] = endpoint.lookup or None

    def declare(name: str, function: Callable[..., Any], **schema: Any) -> None:
        function.__name__ = name
        function.__qualname__ = f"{endpoint.path}.{name}"
        attributes[name] = extend_schema(tags=[tag], **schema)(function)

    if endpoint.list is not None:
        declare(
            "list",
            lambda self, request, *args, **kwargs: self._list(request),
            responses={200: endpoint.serializer, 400: ERRORS, 403: FORBIDDEN},
            description=gettext_lazy("The rows of the list, filtered by the page's filters, in the caller's scope."),
        )
    if endpoint.get is not None:
        attributes["lookup_url_kwarg"] = endpoint.lookup
        attributes["lookup_value_regex"] = "[0-9]+"
        declare(
            "retrieve",
            lambda self, request, *args, **kwargs: self._retrieve(request, **kwargs),
            parameters=path_parameter,
            responses={200: endpoint.serializer, 403: FORBIDDEN, 404: NOT_FOUND},
        )
    if endpoint.create is not None:
        declare(
            "create",
            lambda self, request, *args, **kwargs: self._create(request),
            request=_write_serializer(module, endpoint, endpoint.create),
            responses={201: endpoint.serializer, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
        )
    if endpoint.update is not None:
        declare(
            "partial_update",
            lambda self, request, *args, **kwargs: self._partial_update(request, **kwargs),
            parameters=path_parameter,
            request=_write_serializer(module, endpoint, endpoint.update),
            responses={200: endpoint.serializer, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
        )
    for act in endpoint.actions:

        def run(self: Any, request: Request, *args: Any, _name: str = act.name, **kwargs: Any) -> Response:
            return self._act(request, _name, **kwargs)

        run.__name__ = act.method
        # @action first, then @extend_schema (action() replaces the function's kwargs).
        attributes[act.method] = extend_schema(
            tags=[tag],
            parameters=path_parameter,
            summary=act.summary or None,
            request=_write_serializer(module, endpoint, act.write, act.method),
            responses={200: endpoint.serializer, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
        )(action(detail=True, methods=["post"], url_path=act.name, url_name=f"action-{act.name}")(run))
    flow = endpoint.workflow()
    if flow is not None:

        def listing(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
            return self._transitions(request, **kwargs)

        listing.__name__ = "transitions"
        # @action first, then @extend_schema (action() replaces the function's kwargs).
        attributes["transitions"] = extend_schema(
            tags=[tag],
            parameters=path_parameter,
            responses={200: TransitionSerializer(many=True), 403: FORBIDDEN, 404: NOT_FOUND},
            description=gettext_lazy("The workflow steps the caller may take on the object now."),
        )(action(detail=True, methods=["get"], url_path="transitions")(listing))
        for step in flow.transition_map.values():

            def take(self: Any, request: Request, *args: Any, _step: str = step.name, **kwargs: Any) -> Response:
                return self._transition(request, _step, **kwargs)

            take.__name__ = f"transition_{step.name}"
            schema = extend_schema(
                tags=[tag],
                parameters=path_parameter,
                summary=step.label,
                request=_step_serializer(flow, step),
                responses={200: endpoint.serializer, 400: ERRORS, 403: FORBIDDEN, 404: NOT_FOUND},
                description=format_lazy(
                    gettext_lazy("Take the workflow step {step} (from {sources} to {target})."),
                    step=step.name,
                    sources=", ".join(step.sources),
                    target=step.target,
                ),
            )
            attributes[take.__name__] = schema(
                action(
                    detail=True,
                    methods=["post"],
                    url_path=f"transitions/{step.name}",
                    url_name=f"transition-{step.name.replace('_', '-')}",
                )(take)
            )
    name = api_forms._camel(f"{module}_{endpoint.path}_view_set")
    return type(name, (EndpointViewSet,), attributes)
