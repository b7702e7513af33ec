from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from gonghui.core.accounts.models import User
from gonghui.core.accounts.services import assignable_roles
from gonghui.core.tree.forms import UnionChoiceField


class LoginForm(AuthenticationForm):
    error_messages = {
        # One message whether the name is unknown or the password wrong.
        "invalid_login": _("Incorrect user name or password."),
        "inactive": _("Incorrect user name or password."),
    }


class OwnPasswordChangeForm(PasswordChangeForm):
    pass


class UserForm(forms.ModelForm):
    union = UnionChoiceField(label=_("union"))

    class Meta:
        model = User
        fields = ["username", "full_name", "phone", "union", "role", "is_active"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = assignable_roles(actor)
        self.fields["phone"].required = False
        if self.instance.pk:
            self.fields["username"].disabled = True


class NewUserForm(UserForm):
    password = forms.CharField(
        label=_("initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("The user must change it at first login."),
    )

    class Meta(UserForm.Meta):
        fields = ["username", "full_name", "phone", "union", "role"]
