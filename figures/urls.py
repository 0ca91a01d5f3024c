"""/ca/xifres/, /es/cifras/, /en/figures/: the observatory in numbers.

Mounted under the language prefix (cms/urls.py) before Wagtail's catch-all, with
the path translated like the search page's.
"""

from django.urls import path
from django.utils.translation import pgettext_lazy

from figures.views import figures_page

urlpatterns = [
    path(pgettext_lazy("URL path", "figures/"), figures_page, name="figures"),
]
