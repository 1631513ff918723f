"""Settings are checked at the edge (one line, exit 2, the variable named), and never echo a secret."""

from __future__ import annotations

import pytest

from coach.errors import ConfigError
from coach.redact import mask_secrets, mask_url
from coach.settings import Settings


# --- mask_url ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("http://user:pass@host/v1", "http://user:***@host/v1"),
        ("https://sk-abc123@host:8443/v1", "https://***@host:8443/v1"),  # a lone user name is often a token
        ("http://:pass@host/v1", "http://***@host/v1"),
        ("http://u:p@ss@host/v1", "http://u:***@host/v1"),  # '@' inside the password
        ("http://u:ab/cd+ef@host/v1", "http://u:***@host/v1"),  # '/' in a base64 password: none of it shown
        ("http://a:b@[::1]:80/p", "http://a:***@[::1]:80/p"),
        ("user:pass@host/v1", "user:***@host/v1"),  # no scheme
        ("http://h/v1?api_key=sk-1&model=m", "http://h/v1?api_key=***&model=m"),
        ("http://h/v1?API_KEY=sk-1", "http://h/v1?API_KEY=***"),
        ("http://h/?key=1;Token=2", "http://h/?key=***;Token=***"),
        ("http://h/?access_token=1&secret=2&password=3", "http://h/?access_token=***&secret=***&password=***"),
        ("https://h/b?sv=1&sig=abc%2B", "https://h/b?sv=1&sig=***"),
        ("https://h/?X-Amz-Signature=abc&X-Amz-Date=1", "https://h/?X-Amz-Signature=***&X-Amz-Date=1"),
        ("https://h/?api-key=1&client_secret=2", "https://h/?api-key=***&client_secret=***"),
        ("http://h/cb#access_token=abc&state=x", "http://h/cb#access_token=***&state=x"),
        ("http://h/v1?next=a@b", "http://h/v1?next=a@b"),  # an '@' after '?' is not userinfo
        ("http://[::1/v1?key=1", "http://[::1/v1?key=***"),  # not parseable as a URL: masked all the same
        ("http://127.0.0.1:11434/v1", "http://127.0.0.1:11434/v1"),
        ("http://h/v1?key=", "http://h/v1?key="),
        ("not a url", "not a url"),
        ("", ""),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_mask_secrets_hides_the_configured_key_and_credentials_in_any_url() -> None:
    settings = Settings(OPENAI_API_KEY="sk-live-123456", OPENAI_BASE_URL="http://bob:hunter2@proxy.test/v1")
    message = (
        "Error code: 401 - Incorrect API key provided: sk-live-123456 at http://bob:hunter2@proxy.test/v1; "
        "see 'https://other.test/x?token=abc'"
    )
    masked = mask_secrets(message, settings)
    assert "sk-live-123456" not in masked and "hunter2" not in masked and "abc" not in masked
    assert "http://bob:***@proxy.test/v1" in masked
    assert "https://other.test/x?token=***" in masked


def test_mask_secrets_without_settings_still_masks_urls() -> None:
    assert mask_secrets("at http://u:p@h/v1 now") == "at http://u:***@h/v1 now"


def test_a_too_short_key_is_not_masked_letter_by_letter() -> None:
    assert mask_secrets("a bad answer", Settings(OPENAI_API_KEY="a")) == "a bad answer"


# --- validation at the edge ----------------------------------------------------------------------------------
def load_with(monkeypatch: pytest.MonkeyPatch, **env: str) -> Settings:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return Settings.load()


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OPENAI_BASE_URL", "ftp://models.test/v1", "only http:// and https://"),
        ("OPENAI_BASE_URL", "file:///etc/passwd", "only http:// and https://"),
        ("OPENAI_BASE_URL", "not a url", "space"),
        ("OPENAI_BASE_URL", "localhost:11434/v1", "must start with http:// or https://"),
        ("OPENAI_BASE_URL", "http://", "no host"),
        ("OPENAI_BASE_URL", "http:///v1", "no host"),
        ("OPENAI_BASE_URL", "http://models.test:99999/v1", "port"),
        ("OPENAI_BASE_URL", "http://models.test:0/v1", "port"),
        ("OPENAI_BASE_URL", "http://[::1/v1", "host"),
        ("OPENAI_BASE_URL", "http://models.test/v1\nx", "line break"),
        ("COACH_REQUEST_TIMEOUT", "inf", "finite"),
        ("COACH_REQUEST_TIMEOUT", "1e309", "finite"),
        ("COACH_REQUEST_TIMEOUT", "nan", "finite"),
        ("COACH_REQUEST_TIMEOUT", "1e12", "less than or equal to 3600"),
        ("COACH_REQUEST_TIMEOUT", "0", "greater than 0"),
        ("COACH_DEADLINE", "inf", "finite"),
        ("COACH_DEADLINE", "-1", "greater than 0"),
        ("COACH_TEMPERATURE", "nan", "finite"),
        ("COACH_MAX_INPUT_CHARS", "99999999999", "less than or equal to 1000000"),
        ("COACH_PORT", "99999", "less than or equal to 65535"),
        ("COACH_PORT", "0", "greater than or equal to 1"),
        ("COACH_PORT", "http", "integer"),
        ("COACH_HOST", "http://0.0.0.0", "not a URL"),
        ("COACH_HOST", "my host", "host name or address"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_with(monkeypatch, **{name: value})
    text = str(caught.value)
    assert text.startswith(f"Bad setting {name}: ")
    assert message in text
    assert "\n" not in text
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("url", ["http://127.0.0.1:11434/v1", "https://api.openai.com/v1", "HTTP://[::1]:8000/v1"])
def test_http_endpoints_are_accepted(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    assert load_with(monkeypatch, OPENAI_BASE_URL=f" {url} ").openai_base_url == url


def test_a_rejected_url_is_shown_with_its_credentials_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError) as caught:
        load_with(monkeypatch, OPENAI_BASE_URL="ftp://bob:hunter2@models.test/v1?api_key=sk-live-1")
    text = str(caught.value)
    assert "hunter2" not in text and "sk-live-1" not in text
    assert "ftp://bob:***@models.test/v1?api_key=***" in text


def test_a_rejected_database_url_is_shown_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.load(COACH_DB_URL=["postgresql://app:hunter2@db.test/coach"])
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    "key",
    ["sk-abc\ndef", "sk-abc def", "sk-äbc", "“sk-abc”", "sk-abc\x00"],
    ids=["newline", "space", "non-ascii", "curly-quotes", "nul"],
)
def test_an_api_key_a_header_cannot_carry_is_rejected_without_showing_it(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Settings.load(OPENAI_API_KEY=key)
    text = str(caught.value)
    assert text.startswith("Bad setting OPENAI_API_KEY: ")
    assert "HTTP header" in text
    assert "abc" not in text and "got" not in text


def test_surrounding_whitespace_of_a_key_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_with(monkeypatch, OPENAI_API_KEY=" sk-abc\n").openai_api_key == "sk-abc"


def test_the_key_is_not_in_the_settings_repr() -> None:
    settings = Settings(OPENAI_API_KEY="sk-live-123456", COACH_AUTH="bob:hunter2")
    assert "sk-live-123456" not in repr(settings) and "hunter2" not in repr(settings)


@pytest.mark.parametrize(
    ("name", "field", "default"),
    [
        ("OPENAI_API_KEY", "openai_api_key", None),
        ("OPENAI_BASE_URL", "openai_base_url", None),
        ("COACH_MODEL", "model", "gpt-4o-mini"),
        ("COACH_ENGINE", "engine", "auto"),
        ("COACH_PORT", "port", 7860),
        ("COACH_HOST", "host", "127.0.0.1"),
        ("COACH_AUTH", "auth", None),
        ("COACH_GLOSSARY", "glossary_path", None),
    ],
)
@pytest.mark.parametrize("blank", ["", "   ", "\n"], ids=["empty", "spaces", "newline"])
def test_a_blank_value_means_unset(
    monkeypatch: pytest.MonkeyPatch, name: str, field: str, default: object, blank: str
) -> None:
    settings = load_with(monkeypatch, **{name: blank})
    assert getattr(settings, field) == default
    assert settings.resolved_engine() == "offline"


def test_host_port_and_auth_defaults() -> None:
    settings = Settings.load()
    assert (settings.host, settings.port, settings.auth, settings.auth_pair()) == ("127.0.0.1", 7860, None, None)


def test_host_port_and_auth_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_with(monkeypatch, COACH_HOST="0.0.0.0", COACH_PORT="8080", COACH_AUTH="alice:pa:ss word")
    assert (settings.host, settings.port) == ("0.0.0.0", 8080)
    assert settings.auth_pair() == ("alice", "pa:ss word")


@pytest.mark.parametrize("auth", ["alice", "alice:", ":secret", "alice:se\ncret"])
def test_auth_must_be_user_colon_password_and_is_never_shown(monkeypatch: pytest.MonkeyPatch, auth: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_with(monkeypatch, COACH_AUTH=auth)
    text = str(caught.value)
    assert text.startswith("Bad setting COACH_AUTH: use user:password")
    assert "secret" not in text and "got" not in text
