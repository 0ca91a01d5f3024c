"""Keyed hashes of what identifies a visitor, so that apps can count and limit
what comes from one address without keeping the address itself."""

import hashlib
import hmac

from django.conf import settings


def client_ip(request) -> str:
    """The visitor's address as the server saw it (behind a proxy, configure it to
    set REMOTE_ADDR; X-Forwarded-For is not trusted here, it is client-made)."""
    return request.META.get("REMOTE_ADDR", "") or ""


def ip_hash(request) -> str:
    """A keyed hash of the visitor's IP address: enough to rate-limit an address,
    never the address itself (personal data we do not need to keep)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, client_ip(request).encode(), hashlib.sha256).hexdigest()
