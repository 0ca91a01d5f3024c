"""Keyed hashes of what identifies a visitor, so that apps can count and limit
what comes from one address without keeping the address itself."""

import hashlib
import hmac

from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address as the server saw it.

    X-Forwarded-For is client-made: it is read only when ``TRUSTED_PROXY_COUNT``
    proxies are declared in front of the application (nginx appending the
    address it saw with ``$proxy_add_x_forwarded_for``), and then only the entry
    the nearest of those proxies added, never one the client wrote itself.
    """
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or ""


def ip_hash(request) -> str:
    """A keyed hash of the visitor's IP address: enough to rate-limit an address,
    never the address itself (personal data we do not need to keep)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()
