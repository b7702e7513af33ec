"""Model fields that carry personal data and say what kind it is.

Two families, both with a ``personal_kind`` (see ``masking.MASK_KINDS``) so the audit log,
page filters, exports and the API mask them:

* ``PersonalCharField(kind=...)``: plaintext in the database (names and other data that
  must stay searchable), masked on display.
* ``EncryptedPersonalField(kind=..., blind_index=...)``: encrypted at rest with
  AES-256-GCM (see ``crypto``), bound to its table and column. Reading a tampered value
  raises ``DecryptionError``. The value is normalised before it is stored (ID number:
  ASCII, upper-case X; phone: 11 digits; bank account: no spaces).

Declaring an encrypted field with exact lookup::

    class Member(PersonalDataModel, models.Model):
        id_number = EncryptedPersonalField(_("ID number"), kind="id_number", blind_index="id_number_hash",
                                           blank=True, null=True)
        id_number_hash = BlindIndexField(unique=True)

* The model inherits ``PersonalDataModel`` (abstract): ``save()`` and ``full_clean()``
  keep the blind index in step with the value (also with ``save(update_fields=[...])``),
  and a uniqueness error on the hash is reported on the value's field. A system check
  (privacy.E003) refuses a blind index on a model without it. ``bulk_create`` computes the
  index too; ``bulk_update`` and ``QuerySet.update()`` do not — use ``save()``.
* Exact lookup: ``Member.objects.filter(id_number__matches="23010219900307123X")`` (the
  argument is normalised and hashed; the query compares the hash column), or the hash
  itself: ``filter(id_number_hash=blind_index("id_number", value))``.
* Every other lookup on an encrypted column (``exact``, ``icontains``, ``startswith`` …)
  raises ``FieldError``, and ``order_by`` on it is meaningless: ciphertexts are random.
  Sort and search by other columns.
"""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import FieldError, ValidationError
from django.db import models
from django.db.models.expressions import Col
from django.db.models.lookups import IsNull, Lookup
from django.utils.translation import gettext_lazy as _

from gonghui.core.privacy import crypto
from gonghui.core.privacy.masking import MASK_KINDS

ENCRYPTED_KINDS = ("id_number", "phone", "bank_account")


class PersonalCharField(models.CharField):
    """A text field holding personal data of one kind (see ``masking.MASK_KINDS``)."""

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        if kind not in MASK_KINDS:
            raise ValueError(f"unknown personal data kind {kind!r}")
        self.personal_kind = kind
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.personal_kind
        return name, path, args, kwargs


def personal_kind(field: Any) -> str | None:
    return getattr(field, "personal_kind", None)


def _kind_validators(kind: str) -> list[Any]:
    # Imported late: identifiers imports form machinery that needs settings.
    from gonghui.core import identifiers

    return {
        "id_number": [identifiers.validate_id_number],
        "phone": [identifiers.validate_mobile],
        "bank_account": [identifiers.validate_bank_account],
    }[kind]


class EncryptedPersonalField(models.TextField):
    """Personal data encrypted at rest; optionally with a blind index for exact lookup."""

    description = _("Encrypted personal data")

    def __init__(self, *args: Any, kind: str, blind_index: str | None = None, **kwargs: Any) -> None:
        if kind not in ENCRYPTED_KINDS:
            raise ValueError(f"kind must be one of {ENCRYPTED_KINDS}, not {kind!r}")
        self.personal_kind = kind
        self.blind_index = blind_index
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["kind"] = self.personal_kind
        if self.blind_index:
            kwargs["blind_index"] = self.blind_index
        return name, path, args, kwargs

    @property
    def default_validators(self) -> list[Any]:  # type: ignore[override]
        return _kind_validators(self.personal_kind)

    @property
    def associated_data(self) -> bytes:
        return crypto.associated_data(self.model._meta.db_table, self.column)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value, self.associated_data)

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            value = crypto.normalise(self.personal_kind, value)
            setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(crypto.normalise(self.personal_kind, value), self.associated_data)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"matches", "isnull"}:
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted: only __matches (exact, through the blind index) "
                f"and __isnull are possible, not __{lookup_name}"
            )
        return super().get_lookup(lookup_name)

    def get_transform(self, lookup_name: str) -> Any:
        return None

    def formfield(self, form_class: Any = None, choices_form_class: Any = None, **kwargs: Any) -> Any:
        from gonghui.core import identifiers

        field_class = (
            form_class
            or {
                "id_number": identifiers.IdNumberField,
                "phone": identifiers.MobileField,
                "bank_account": identifiers.BankAccountField,
            }[self.personal_kind]
        )
        options = {"required": not self.blank, "label": self.verbose_name, "help_text": self.help_text}
        options.update({k: v for k, v in kwargs.items() if k != "max_length"})
        return field_class(**options)

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        if self.blind_index:
            try:
                companion = self.model._meta.get_field(self.blind_index)
            except Exception:
                companion = None
            if not isinstance(companion, BlindIndexField):
                errors.append(
                    checks.Error(
                        f"blind_index={self.blind_index!r} must name a BlindIndexField of the same model",
                        obj=self,
                        id="privacy.E001",
                    )
                )
            if not issubclass(self.model, PersonalDataModel):
                errors.append(
                    checks.Error(
                        "a model with a blind-indexed field must inherit privacy.fields.PersonalDataModel",
                        obj=self,
                        id="privacy.E003",
                    )
                )
        return errors


class BlindIndexField(models.CharField):
    """The keyed hash (HMAC-SHA256, hex) of an ``EncryptedPersonalField``'s value.

    Computed on save from the field whose ``blind_index`` names it; never edited by hand.
    Empty values hash to NULL, so ``unique=True`` allows any number of empty values.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs["null"] = True
        kwargs["blank"] = True
        kwargs["editable"] = False
        if not kwargs.get("unique"):
            kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        for key in ("null", "blank", "editable"):
            kwargs.pop(key, None)
        return name, path, args, kwargs

    def source_field(self) -> EncryptedPersonalField:
        for candidate in self.model._meta.concrete_fields:
            if isinstance(candidate, EncryptedPersonalField) and candidate.blind_index == self.name:
                return candidate
        raise FieldError(f"no encrypted field of {self.model.__name__} names {self.name} as its blind index")

    def compute(self, model_instance: models.Model) -> str | None:
        source = self.source_field()
        return crypto.blind_index(source.personal_kind, getattr(model_instance, source.attname))

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value

    def check(self, **kwargs: Any) -> list[checks.CheckMessage]:
        errors = super().check(**kwargs)
        try:
            self.source_field()
        except FieldError as exc:
            errors.append(checks.Error(str(exc), obj=self, id="privacy.E002"))
        return errors


@EncryptedPersonalField.register_lookup
class Matches(Lookup):
    """``field__matches=value``: exact match through the blind index (the only search there is)."""

    lookup_name = "matches"
    prepare_rhs = False

    def get_db_prep_lookup(self, value: Any, connection: Any) -> Any:
        return ("%s", [value])

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        field = self.lhs.output_field
        if not isinstance(self.lhs, Col) or not field.blind_index:
            raise FieldError(f"{field.name} has no blind index: it cannot be searched")
        index_field = field.model._meta.get_field(field.blind_index)
        lhs_sql, lhs_params = compiler.compile(Col(self.lhs.alias, index_field))
        digest = crypto.blind_index(field.personal_kind, self.rhs)
        if digest is None:
            return "1 = 0", []
        return f"{lhs_sql} = %s", [*lhs_params, digest]


EncryptedPersonalField.register_lookup(IsNull)


class PersonalDataModel(models.Model):
    """Abstract base for models with blind-indexed fields: keeps every index in step."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            names = set(update_fields)
            extra = [
                field.blind_index
                for field in encrypted_fields(type(self))
                if field.blind_index and field.name in names and field.blind_index not in names
            ]
            kwargs["update_fields"] = [*update_fields, *extra]
        super().save(*args, **kwargs)

    def refresh_blind_indexes(self) -> None:
        for field in self._meta.concrete_fields:
            if isinstance(field, BlindIndexField):
                setattr(self, field.attname, field.compute(self))

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        # Uniqueness is checked on the hash, so it must be current before validation.
        self.refresh_blind_indexes()
        try:
            super().full_clean(*args, **kwargs)
        except ValidationError as exc:
            raise _errors_on_source_fields(type(self), exc) from None

    def validate_unique(self, exclude: Any = None) -> None:
        # Django checks uniqueness through the default manager, which may be scoped to the
        # actor's subtree; a unique blind index is unique across the whole table, so it is
        # checked through the base (plain) manager, or the database would refuse the row.
        unique_indexes = [f for f in self._meta.concrete_fields if isinstance(f, BlindIndexField) and f.unique]
        excluded = set(exclude or ()) | {f.name for f in unique_indexes}
        super().validate_unique(exclude=excluded)
        errors: dict[str, list[ValidationError]] = {}
        for field in unique_indexes:
            if exclude and field.name in exclude:
                continue
            value = getattr(self, field.attname)
            if value is None:
                continue
            others = type(self)._base_manager.filter(**{field.attname: value})
            if self.pk is not None:
                others = others.exclude(pk=self.pk)
            if others.exists():
                errors[field.name] = [self.unique_error_message(type(self), (field.name,))]
        if errors:
            raise ValidationError(errors)


def _errors_on_source_fields(model: type[models.Model], exc: ValidationError) -> ValidationError:
    if not hasattr(exc, "error_dict"):
        return exc
    sources = {f.blind_index: f for f in encrypted_fields(model) if f.blind_index}
    errors: dict[str, list[Any]] = {}
    for name, messages in exc.error_dict.items():
        if name in sources:
            source = sources[name]
            errors.setdefault(source.name, []).append(
                ValidationError(
                    _("Another record already has this %(field)s."),
                    code="unique",
                    params={"field": source.verbose_name},
                )
            )
        else:
            errors.setdefault(name, []).extend(messages)
    return ValidationError(errors)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedPersonalField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedPersonalField)]


def personal_fields(model: type[models.Model]) -> dict[str, Any]:
    """The fields of ``model`` that hold personal data, by name (the unmask whitelist)."""
    return {f.name: f for f in model._meta.concrete_fields if personal_kind(f) in ENCRYPTED_KINDS}
