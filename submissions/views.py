"""Public pages: "How to submit" (criteria, the template in three languages) and
the web form, which builds an email from what was typed and hands it to the same
pipeline as the mailbox (submissions/ingest.py)."""

from __future__ import annotations

import mimetypes
import tempfile
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from core.hashing import ip_hash
from core.ratelimit import RateLimit
from core.uploads import is_allowed_upload

from .forms import SubmissionForm
from .mail import address
from .models import Channel, Message

SESSION_KEY = "submissions_sent"


def _templates() -> dict[str, str]:
    from .template import TEMPLATES

    return TEMPLATES


WEB_PER_SENDER_PER_DAY = 10
WEB_PER_IP_PER_DAY = 30


def how_to(request: HttpRequest) -> HttpResponse:
    language = (get_language() or "ca")[:2]
    return render(
        request,
        "submissions/how_to.html",
        {
            "address": address(),
            "template_text": _templates().get(language, _templates()["ca"]),
            "template_languages": [
                (code, name)
                for code, name in settings.LANGUAGES
                if code in _templates()
            ],
            "limits": settings.SUBMISSIONS,
        },
    )


def template_download(request: HttpRequest, language: str) -> HttpResponse:
    text = _templates().get(language)
    if text is None:
        raise Http404
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="observatori-plantilla-{language}.txt"'
    )
    return response


def _over_the_limit(request: HttpRequest, email: str) -> tuple[str, int] | None:
    """("sender" or "connection", its limit) when this form is one too many today."""
    limits = settings.SUBMISSIONS
    per_sender = limits.get("WEB_PER_SENDER_PER_DAY", WEB_PER_SENDER_PER_DAY)
    per_ip = limits.get("WEB_PER_IP_PER_DAY", WEB_PER_IP_PER_DAY)
    sent = Message.objects.filter(source="web")
    now = timezone.now()
    if RateLimit(per_sender, field="received_at").reached(
        sent.filter(from_email__iexact=email), now
    ):
        return "sender", per_sender
    if RateLimit(per_ip, field="received_at").reached(
        sent.filter(source_ref=f"ip:{ip_hash(request)}"), now
    ):
        return "connection", per_ip
    return None


def _files_to_choose_again(request: HttpRequest) -> list[str]:
    """The acceptable files of a form sent back: a browser cannot keep them, so
    the page names each one to choose again."""
    return [
        upload.name
        for upload in request.FILES.getlist("files")
        if is_allowed_upload(upload.name)
    ]


def submit(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES)
        if form.is_valid():
            if form.is_bot:
                request.session[SESSION_KEY] = ""
                return redirect("submissions:sent")
            over = _over_the_limit(request, form.cleaned_data["email"])
            if over is not None:
                blocked, limit = over
                return render(
                    request,
                    "submissions/form.html",
                    {
                        "form": form,
                        "blocked": blocked,
                        "limit": limit,
                        "files_again": _files_to_choose_again(request),
                    },
                    status=429,
                )
            result = _ingest_form(request, form)
            request.session[SESSION_KEY] = result.submission or ""
            return redirect("submissions:sent")
        return render(
            request,
            "submissions/form.html",
            {"form": form, "files_again": _files_to_choose_again(request)},
        )
    else:
        form = SubmissionForm()
        form.fields["text"].initial = _templates().get(
            (get_language() or "ca")[:2], _templates()["ca"]
        )
    return render(request, "submissions/form.html", {"form": form})


def sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.pop(SESSION_KEY, None)
    if reference is None:
        return redirect("submissions:how_to")
    return render(
        request, "submissions/sent.html", {"reference": reference, "address": address()}
    )


def _ingest_form(request: HttpRequest, form: SubmissionForm):
    """The form as the email it stands for: From the person, the text as its body,
    the files attached; then the mailbox's pipeline does the rest."""
    data = form.cleaned_data
    message = EmailMessage()
    message["From"] = formataddr((data["name"], data["email"]))
    message["To"] = address()
    message["Subject"] = data["title"]
    message["Date"] = timezone.now().strftime("%a, %d %b %Y %H:%M:%S +0000")
    message["Message-ID"] = make_msgid(domain="web.observatori")
    message["Content-Language"] = (get_language() or "ca")[:2]
    body = f"{data['entity']}\n\n{data['text']}"
    message.set_content(body)
    for upload in data["files"]:
        content_type = (
            upload.content_type
            or mimetypes.guess_type(upload.name)[0]
            or "application/octet-stream"
        )
        maintype, _sep, subtype = content_type.partition("/")
        message.add_attachment(
            upload.read(),
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=upload.name,
        )
    from .ingest import ingest  # the parser loads only when a form is sent

    with tempfile.TemporaryFile() as fp:
        fp.write(message.as_bytes())
        fp.seek(0)
        result = ingest(
            fp,
            source="web",
            ref=f"ip:{ip_hash(request)}",
            channel=Channel.WEB,
            language=(get_language() or "ca")[:2],
        )
    return result
