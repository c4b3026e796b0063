from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Activate the language chosen with the language switch in this browser, else the
    signed-in user's (the one preference that also decides the e-mails), else Danish.

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language header on
    purpose: the site is Danish first, and English is a choice the visitor makes.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported and request.user.is_authenticated:
            # A browser where the switch was never used: the account's preference (set with
            # the same switch elsewhere) decides.
            language = request.user.language
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
