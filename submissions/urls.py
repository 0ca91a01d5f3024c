"""/ca/envia-un-projecte/, /es/envia-un-proyecto/, /en/submit-a-project/."""

from django.urls import path
from django.utils.translation import pgettext_lazy

from . import views

app_name = "submissions"

urlpatterns = [
    path(pgettext_lazy("URL path", "submit-a-project/"), views.how_to, name="how_to"),
    path(
        pgettext_lazy("URL path", "submit-a-project/form/"),
        views.submit,
        name="submit",
    ),
    path(
        pgettext_lazy("URL path", "submit-a-project/sent/"),
        views.sent,
        name="sent",
    ),
    path(
        pgettext_lazy("URL path", "submit-a-project/template-<str:language>.txt"),
        views.template_download,
        name="template",
    ),
]
