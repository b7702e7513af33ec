"""Django forms in the API: the page's form validates a JSON body, and describes it in the schema.

* :func:`bind` makes a form bound to a request body, a field left out taking the value the page's
  form starts with (its initial value: the object's current value when editing, the page's default
  when creating), so ``PATCH {"headcount": 12}`` changes one field through the whole form.
* :func:`form_errors` and :func:`service_errors` turn a form's errors and a service's refusal into
  the DRF error shape (``{"field": ["message", ...], "non_field_errors": [...]}``), translated.
* :func:`form_serializer` is a DRF serializer mirroring a form class's declared fields, for the
  OpenAPI schema only (nothing is validated by it): types, lengths, bounds, static choices, help.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import QueryDict
from django.utils.text import format_lazy
from rest_framework import serializers

NON_FIELD = "non_field_errors"


# --- Binding ------------------------------------------------------------------------------------


def starting_data(form: forms.BaseForm) -> dict[str, Any]:
    """What an unbound ``form`` shows in its fields (initial values as a POST would carry them)."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or isinstance(field, forms.FileField):
            continue
        data[name] = value
    return data


def body_items(body: Any) -> dict[str, Any]:
    """A request body (JSON object, or a form/multipart ``QueryDict``) as a dict of field values."""
    if isinstance(body, QueryDict):
        return {key: values if len(values) > 1 else values[0] for key, values in body.lists()}
    if isinstance(body, Mapping):
        return dict(body)
    return {}


def merged(start: Mapping[str, Any], body: Any) -> dict[str, Any]:
    """The body's values over the form's starting values (a field the body names wins, even when empty)."""
    return {**start, **body_items(body)}


# --- Errors --------------------------------------------------------------------------------------


def form_errors(*forms_: forms.BaseForm | None) -> dict[str, list[str]]:
    """The forms' errors, translated, keyed by field (``non_field_errors`` for the whole form)."""
    errors: dict[str, list[str]] = {}
    for form in forms_:
        if form is None:
            continue
        for field, messages in form.errors.items():
            key = NON_FIELD if field == NON_FIELD_ERRORS else field
            errors.setdefault(key, []).extend(str(message) for message in messages)
    return errors


def service_errors(exc: ValidationError) -> dict[str, list[str]]:
    """A service's ``ValidationError`` in the same shape: on the field it names, or on the whole request."""
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field == NON_FIELD_ERRORS else field): [str(m) for m in messages]
            for field, messages in exc.message_dict.items()
        }
    return {NON_FIELD: [str(message) for message in exc.messages]}


# --- Schema ---------------------------------------------------------------------------------------


def _static_choices(field: forms.Field) -> list[Any]:
    """The values a choice field declares in its class (choices set per request are not known here)."""
    choices = getattr(field, "_choices", None)
    return choice_values(choices if choices is not None else getattr(field, "choices", None))


def choice_values(choices: Any) -> list[Any]:
    """The values of ``choices`` (pairs, or groups of pairs), the empty "all" or "—" left out."""
    if not isinstance(choices, list | tuple):
        return []
    values: list[Any] = []
    for value, label in choices:
        if isinstance(label, list | tuple):  # a group of options
            values += [inner for inner, _label in label if inner not in ("", None)]
        elif value not in ("", None):
            values.append(value)
    return values


def _help(field: forms.Field) -> Any:
    """The field's label and help, translated when the schema is written."""
    parts = [text for text in (field.label, field.help_text) if text]
    return format_lazy(". ".join(["{}"] * len(parts)), *parts) if parts else None


def serializer_field(field: forms.Field, *, partial: bool = False) -> serializers.Field:
    """The DRF field that describes form field ``field`` in the schema."""
    common: dict[str, Any] = {"required": field.required and not partial, "help_text": _help(field)}
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(required=False, help_text=common["help_text"])
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), allow_empty=not field.required, **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(allow_null=not field.required, **common)
    if isinstance(field, forms.MultipleChoiceField):
        values = _static_choices(field)
        child = serializers.ChoiceField(choices=values) if values else serializers.CharField()
        return serializers.ListField(child=child, allow_empty=not field.required, **common)
    if isinstance(field, forms.ChoiceField):
        values = _static_choices(field)
        if values:
            return serializers.ChoiceField(choices=values, allow_blank=not field.required, **common)
        return serializers.CharField(allow_blank=not field.required, **common)
    if isinstance(field, forms.FileField):
        return serializers.FileField(allow_null=True, **common)
    if isinstance(field, forms.IntegerField):
        bounds: dict[str, Any] = {"min_value": field.min_value, "max_value": field.max_value}
        return serializers.IntegerField(
            allow_null=not field.required, **{k: v for k, v in bounds.items() if v is not None}, **common
        )
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            max_digits=field.max_digits,
            decimal_places=field.decimal_places,
            allow_null=not field.required,
            min_value=field.min_value,
            max_value=field.max_value,
            **common,
        )
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(allow_null=not field.required, **common)
    if isinstance(field, forms.DateField):
        return serializers.DateField(allow_null=not field.required, **common)
    if isinstance(field, forms.JSONField):
        return serializers.JSONField(**common)
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(allow_blank=not field.required, **common)
    if isinstance(field, forms.CharField):
        lengths: dict[str, Any] = {"max_length": field.max_length, "min_length": field.min_length}
        return serializers.CharField(
            allow_blank=not field.required, **{k: v for k, v in lengths.items() if v is not None}, **common
        )
    return serializers.CharField(allow_blank=not field.required, **common)


_serializers: dict[tuple[Any, ...], type[serializers.Serializer]] = {}


def _camel(text: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def form_serializer(
    name: str,
    form_classes: Iterable[type[forms.BaseForm]],
    *,
    extra: Mapping[str, serializers.Field] | None = None,
    leave_out: Iterable[str] = (),
) -> type[serializers.Serializer]:
    """A serializer class named ``name`` describing the declared fields of ``form_classes`` (and ``extra``).

    Cached by name: the same form gives one schema component, whichever endpoint posts it.
    """
    form_classes = tuple(form_classes)
    key = (name, form_classes, tuple(sorted(extra or {})), tuple(leave_out))
    if key in _serializers:
        return _serializers[key]
    attributes: dict[str, Any] = {}
    for form_class in form_classes:
        for field_name, field in form_class.base_fields.items():  # type: ignore[attr-defined]
            if field_name not in leave_out:
                attributes[field_name] = serializer_field(field)
    for field_name, field in (extra or {}).items():
        attributes[field_name] = field
    first = form_classes[0] if form_classes else None
    own = first is not None and first.__module__.startswith("gonghui.") and "__doc__" in first.__dict__
    doc = " ".join((first.__doc__ or "").split()) if own else ""
    attributes["__doc__"] = doc or None
    cls = type(_camel(name), (serializers.Serializer,), attributes)
    _serializers[key] = cls
    return cls


def component_name(form_class: type[Any], suffix: str = "") -> str:
    """``gonghui.organisations.forms.EmployerForm`` → ``OrganisationsEmployerForm``: unique across modules."""
    parts = form_class.__module__.split(".")
    app = parts[1] if len(parts) > 2 and parts[0] == "gonghui" else parts[0]
    if app == "core" and len(parts) > 3:
        app = parts[2]
    return _camel(f"{app}_{form_class.__name__}_{suffix}")
