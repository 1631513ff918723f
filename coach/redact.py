"""Masking secrets before they reach a user's screen, a log or a bug report.

Endpoint URLs are shown in messages ("The model endpoint at … could not be reached") and in the UI's status
line; a URL may carry a password (`http://user:pass@host/v1`) or a key (`?api_key=sk-…`), and an error text
from a library may quote the API key itself. Everything here is pure and never raises.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote

if TYPE_CHECKING:
    from coach.settings import Settings

MASK = "***"

# Query or fragment parameters whose value is a credential. Names are compared lower-cased with '-' and '_'
# removed, exactly or as a suffix, so "api_key", "API-KEY", "x-api-key", "client_secret" and
# "X-Amz-Signature" are all caught; masking a harmless parameter costs less than printing a key.
_SECRET_NAMES = frozenset({"apikey", "key", "token", "accesstoken", "secret", "password", "sig", "signature"})
_SECRET_SUFFIXES = ("key", "token", "secret", "password", "passwd", "signature")
# The userinfo of "scheme://userinfo@host…" (or "userinfo@host…" without a scheme). It runs to the last '@'
# before the query: RFC 3986 would stop at '/', but base64 passwords and tokens contain '/', and showing half
# a password is worse than masking a path that happens to contain '@'.
_USERINFO = re.compile(r"(?P<head>(?:[A-Za-z][A-Za-z0-9+.-]*:)?//|)(?P<userinfo>[^?#\s]*)@")
# URLs inside free text (an error message from a library): scheme://… up to whitespace or a closing quote.
_URL_IN_TEXT = re.compile(r"""[A-Za-z][A-Za-z0-9+.-]*://[^\s'"<>`]+""")
# An API key shorter than this is not a credential anyone issues; replacing it would garble the message.
_MIN_SECRET_LEN = 4


def _is_secret_name(name: str) -> bool:
    plain = unquote(name).lower().replace("-", "").replace("_", "").strip()
    return plain in _SECRET_NAMES or plain.endswith(_SECRET_SUFFIXES)


def _mask_params(params: str) -> str:
    """'a=1&api_key=sk' → 'a=1&api_key=***' (separators and every other byte kept as they were)."""
    parts = re.split(r"([&;])", params)
    for i in range(0, len(parts), 2):
        name, eq, value = parts[i].partition("=")
        if eq and value and _is_secret_name(name):
            parts[i] = f"{name}={MASK}"
    return "".join(parts)


def _masked_userinfo(userinfo: str) -> str:
    """'user:pass' → 'user:***'; 'token' → '***' (a user name alone is often a token, as in https://TOKEN@host)."""
    user, colon, _password = userinfo.partition(":")
    return f"{user}:{MASK}" if colon and user else MASK


def mask_url(url: str) -> str:
    """`url` with its credentials replaced by `***`: the password of `user:password@` (the user name is kept; a
    user name alone is masked, as it is often a token) and the value of secret-looking query or fragment
    parameters (api_key, key, token, access_token, secret, password, sig, signature …, any case).

    Scheme, host, port and path are kept, so the message still says where. Works on text that is not a valid
    URL too (a value being rejected is exactly when it is shown), and never raises.
    """
    userinfo = _USERINFO.match(url)
    if userinfo:
        url = f"{userinfo['head']}{_masked_userinfo(userinfo['userinfo'])}@{url[userinfo.end() :]}"
    rest, hash_, fragment = url.partition("#")
    rest, question, query = rest.partition("?")
    return f"{rest}{question}{_mask_params(query)}{hash_}{_mask_params(fragment)}"


def mask_secrets(text: str, settings: Settings | None = None) -> str:
    """`text` (typically an error message) with the configured API key replaced by `***` and every URL in it
    passed through `mask_url`; the configured base URL is masked even where it appears without a scheme match.
    """
    if settings is not None:
        key = settings.openai_api_key
        if key and len(key) >= _MIN_SECRET_LEN:
            text = text.replace(key, MASK)
        base = settings.openai_base_url
        if base:
            text = text.replace(base, mask_url(base))
    return _URL_IN_TEXT.sub(lambda m: mask_url(m.group(0)), text)
