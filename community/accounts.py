"""django-allauth hooks: every account gets a ``Member`` profile, emails go out
in the member's language."""

from allauth.account.adapter import DefaultAccountAdapter
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            from .models import Member

            language = translation.get_language() or "ca"
            Member.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": (form.cleaned_data.get("display_name") or "")
                    or user.email.split("@")[0],
                    "language": language[:2],
                },
            )
        return user
