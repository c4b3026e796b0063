"""The site's URLs plus one public page with an inline script, to see its CSP nonce kept
per visitor (none of the site's own pages has an inline script today)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from smartcity.page_cache import public_page
from smartcity.urls import urlpatterns as site_urlpatterns

PAGE = engines["django"].from_string(
    '<!doctype html><html lang="da"><title>Side</title>'
    '<script nonce="{{ request.csp_nonce }}">document.title = "Side";</script>'
    '<form method="post" action="/i18n/setlang/">{% csrf_token %}</form></html>'
)


@public_page
def page_with_script(request):
    return HttpResponse(PAGE.render({}, request))


urlpatterns = [path("with-script/", page_with_script), *site_urlpatterns]
