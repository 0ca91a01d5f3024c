"""The web form: the alternative to email, fed into the same pipeline."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.honeypot import HoneypotFormMixin
from core.uploads import allowed_upload_extensions, is_allowed_upload


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class SubmissionForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("We send the acknowledgment and any questions here."),
    )
    entity = forms.CharField(
        label=_("Administration"),
        max_length=200,
        help_text=_("The town hall, county council or body that ran the project."),
    )
    title = forms.CharField(label=_("Title of the project"), max_length=250)
    text = forms.CharField(
        label=_("The project"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_(
            "Fill in the template below, or describe the project in your own words."
        ),
    )
    files = MultipleFileField(
        label=_("Documents and images"),
        required=False,
        help_text=_("Optional: reports, presentations, photos."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["entity"].widget.attrs["autocomplete"] = "organization"
        self.fields["files"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in allowed_upload_extensions()
        )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        limits = settings.SUBMISSIONS
        if len(files) > limits["MAX_ATTACHMENTS"]:
            raise forms.ValidationError(
                _("At most %(count)s files.") % {"count": limits["MAX_ATTACHMENTS"]}
            )
        refused = [
            upload.name for upload in files if not is_allowed_upload(upload.name)
        ]
        if refused:
            raise forms.ValidationError(
                ngettext(
                    "%(names)s: files of this type are not accepted.",
                    "%(names)s: files of these types are not accepted.",
                    len(refused),
                )
                % {"names": ", ".join(refused)}
                + " "
                + str(
                    _(
                        "Attach PDF, Word or OpenDocument files, spreadsheets, "
                        "presentations, text, ZIP or images (PNG, JPEG, GIF)."
                    )
                )
            )
        for upload in files:
            if upload.size > limits["MAX_ATTACHMENT_BYTES"]:
                raise forms.ValidationError(
                    _("%(name)s is too large: each file may have up to %(size)s.")
                    % {
                        "name": upload.name,
                        "size": filesizeformat(limits["MAX_ATTACHMENT_BYTES"]),
                    }
                )
        if sum(upload.size for upload in files) > limits["MAX_MESSAGE_BYTES"]:
            raise forms.ValidationError(
                _("The files add up to more than %(size)s.")
                % {"size": filesizeformat(limits["MAX_MESSAGE_BYTES"])}
            )
        return files
