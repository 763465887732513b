"""Server-side OAuth 1.0a verification, as X would do it, built from oauthlib's primitives."""

from __future__ import annotations

import base64
import hashlib
import hmac

from oauthlib.oauth1.rfc5849 import signature, utils


def verify_hmac_sha1(
    method: str, url: str, authorization: str, consumer_secret: str, token_secret: str
) -> bool:
    """True when `authorization` carries a valid HMAC-SHA1 signature of `method url`.

    Only the query and oauth_* parameters count: JSON bodies are not signed.
    """
    sent = {k: utils.unescape(v) for k, v in utils.parse_authorization_header(authorization)}
    signed = signature.collect_parameters(
        uri_query=url.split("?", 1)[1] if "?" in url else "", headers={"Authorization": authorization}
    )
    base = signature.signature_base_string(
        method.upper(), signature.base_string_uri(url), signature.normalize_parameters(signed)
    )
    key = f"{utils.escape(consumer_secret)}&{utils.escape(token_secret)}"
    expected = base64.b64encode(hmac.new(key.encode(), base.encode(), hashlib.sha1).digest()).decode()
    return hmac.compare_digest(expected, sent["oauth_signature"])
