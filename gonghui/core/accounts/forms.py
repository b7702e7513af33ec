from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.models import User
from gonghui.core.accounts.roles import Role
from gonghui.core.accounts.services import assignable_roles, may_manage_account
from gonghui.core.privacy.forms import PersonalDataFormMixin
from gonghui.core.tree.forms import UnionChoiceField


class LoginForm(AuthenticationForm):
    error_messages = {
        # One message whether the name is unknown or the password wrong.
        "invalid_login": _("Incorrect user name or password."),
        "inactive": _("Incorrect user name or password."),
    }


class OwnPasswordChangeForm(PasswordChangeForm):
    pass


class UserForm(PersonalDataFormMixin, forms.ModelForm):
    union = UnionChoiceField(label=_("union"))

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "id_number", "union", "role", "is_active"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_choices = assignable_roles(actor)
        self.fields["phone"].required = False
        self.fields["id_number"].required = False
        if not self.instance.pk:
            self.fields["id_number"].help_text = _("For real-name accounts; optional.")
        if self.instance.pk:
            self.fields["username"].disabled = True
            own = actor is not None and self.instance.pk == actor.pk
            if own or not may_manage_account(actor, self.instance):
                # One's own role, union and status are someone else's decision; an
                # administrator's are the operator's, on the command line (三权分立).
                role_choices = [(value, label) for value, label in Role.choices if value == self.instance.role]
                for name in ("role", "union", "is_active"):
                    self.fields[name].disabled = True
        cast(forms.ChoiceField, self.fields["role"]).choices = role_choices

    def id_number_warnings(self) -> tuple[str, ...]:
        field = self.fields.get("id_number")
        return getattr(field, "warnings", ())


class NewUserForm(UserForm):
    password = forms.CharField(
        label=_("initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("The user must change it at first login."),
    )

    class Meta(UserForm.Meta):
        fields = ["username", "full_name", "phone", "id_number", "union", "role"]
