"""Who is asking: the one client address that every rate limit counts by.

`X-Forwarded-For` is written by whoever sends the request, so it is only believed as far as our
own proxies wrote it: with TRUSTED_PROXIES = N, the N-th address from the right is the one the
outermost of our proxies saw. With the default 0 the header is ignored and the address of the
connection counts. The API throttles, allauth's sign-in limits and the submission limits all
call client_address(), so none of them can be fooled by a header the others ignore.
"""

import ipaddress

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXIES
    if proxies > 0:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop]
        # Fewer hops than proxies: the request did not come through them; trust nothing.
        if len(hops) >= proxies:
            return _valid(hops[-proxies]) or remote
    return remote


class ClientAddressMixin:
    """DRF throttles identify anonymous clients by client_address()."""

    def get_ident(self, request):
        return client_address(request)


class ClientAnonRateThrottle(ClientAddressMixin, AnonRateThrottle):
    pass


class ClientUserRateThrottle(ClientAddressMixin, UserRateThrottle):
    pass
