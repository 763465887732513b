"""Checks a request's credentials the way X does: the bearer token's value, or an OAuth 1.0a signature.

The signature is recomputed with oauthlib from the URL the client signed (scheme, Host header,
path, query) and the oauth_* header parameters; JSON bodies are not part of it, as at X.
"""

from __future__ import annotations

import hmac

from oauthlib.oauth1.rfc5849 import signature, utils

from contracts.mock.config import Credentials

BEARER_SCHEME = "OAuth2UserToken"
OAUTH1_SCHEME = "UserToken"


def _oauth1_problem(
    method: str, url: str, query: str, authorization: str, credentials: Credentials
) -> str | None:
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
    base = signature.signature_base_string(
        method.upper(), signature.base_string_uri(url), signature.normalize_parameters(collected)
    )
    expected = signature.sign_hmac_sha1(
        base, credentials.consumer_secret, credentials.access_token_secret
    )
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
