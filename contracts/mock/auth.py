"""Checks a request's credentials the way X does: the bearer token's value, or an OAuth 1.0a signature.

The signature is recomputed with oauthlib from the URL the client signed (scheme, Host header,
path, query) and the oauth_* header parameters; JSON bodies are not part of it, as at X. Behind a
reverse proxy the client signed the proxy's URL: `signed_url` rebuilds it from the configured
public base URL, or (opt-in) from X-Forwarded-Proto/X-Forwarded-Host.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from oauthlib.oauth1.rfc5849 import signature, utils

from contracts.mock.config import Credentials

BEARER_SCHEME = "OAuth2UserToken"
OAUTH1_SCHEME = "UserToken"


def _first(value: str | None) -> str:
    """The client-facing entry of a forwarded header (proxies append theirs after a comma)."""
    return (value or "").split(",")[0].strip()


def signed_url(request_url: str, headers: Mapping[str, str], public_base_url: str | None, trust_forwarded: bool) -> str:
    """The URL (without query) the client signed: what it used to reach us, not what we were sent.

    `public_base_url` wins (its path is a prefix before the request path); else, when
    `trust_forwarded`, X-Forwarded-Proto/X-Forwarded-Host replace the scheme/host they name.
    """
    parts = urlsplit(request_url)
    if public_base_url is not None:
        return public_base_url + parts.path
    scheme, host = parts.scheme, parts.netloc
    if trust_forwarded:
        proto = _first(headers.get("x-forwarded-proto")).lower()
        scheme = proto if proto in ("http", "https") else scheme
        host = _first(headers.get("x-forwarded-host")) or host
    return f"{scheme}://{host}{parts.path}"


def _oauth1_problem(method: str, url: str, query: str, authorization: str, credentials: Credentials) -> str | None:
    try:
        params = {k: utils.unescape(v) for k, v in utils.parse_authorization_header(authorization)}
    except (ValueError, IndexError):
        return "malformed OAuth header"
    if params.get("oauth_signature_method") != "HMAC-SHA1":
        return "unsupported signature method (HMAC-SHA1 expected)"
    if params.get("oauth_consumer_key") != credentials.consumer_key:
        return "Consumer key not found"
    if not hmac.compare_digest(params.get("oauth_token", ""), credentials.access_token):
        return "Access token not found"
    collected = signature.collect_parameters(
        uri_query=query, headers={"Authorization": authorization}, exclude_oauth_signature=True
    )
    http_method: Any = method.upper()  # the stubs want a Literal
    pairs: Any = collected  # the stubs say dict; oauthlib takes (and returns) a list of pairs
    base = signature.signature_base_string(
        http_method, signature.base_string_uri(url), signature.normalize_parameters(pairs)
    )
    secrets = SimpleNamespace(
        client_secret=credentials.consumer_secret, resource_owner_secret=credentials.access_token_secret
    )
    expected = signature.sign_hmac_sha1_with_client(base, secrets)
    if not hmac.compare_digest(expected, params.get("oauth_signature", "")):
        return "Invalid signature"
    return None


def auth_problem(
    schemes: tuple[str, ...],
    method: str,
    url: str,
    query: str,
    authorization: str | None,
    credentials: Credentials,
) -> str | None:
    """None when the request is authenticated for one of `schemes`, else why not (no secret in it)."""
    if not authorization:
        return "Unknown Authorization Type"
    kind, _, value = authorization.strip().partition(" ")
    if kind.lower() == "bearer" and BEARER_SCHEME in schemes:
        if hmac.compare_digest(value.strip().encode(), credentials.bearer_token.encode()):
            return None
        return "Invalid or expired token"
    if kind.lower() == "oauth" and OAUTH1_SCHEME in schemes:
        return _oauth1_problem(method, url, query, authorization.strip(), credentials)
    return "Unknown Authorization Type"
