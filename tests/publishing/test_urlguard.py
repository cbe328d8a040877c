from __future__ import annotations

import pytest

from app.publishing.urlguard import UnsafeWebhookUrl, check_webhook_url


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8080/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://172.16.5.4/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[fe80::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://224.0.0.1/hook",
        "http://240.0.0.1/hook",
        "http://0.0.0.0/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_internal_addresses_are_refused(url: str) -> None:
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url(url, allow_private=False)


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/x",
        "file:///etc/passwd",
        "gopher://1.1.1.1",
        "https://",
        "http://u:p@8.8.8.8/",
    ],
)
def test_only_plain_http_and_https_urls_are_accepted(url: str) -> None:
    with pytest.raises(UnsafeWebhookUrl):
        check_webhook_url(url, allow_private=True)


def test_public_addresses_are_accepted() -> None:
    assert check_webhook_url("https://8.8.8.8/hook", allow_private=False) == "https://8.8.8.8/hook"
    assert check_webhook_url("http://[2001:4860:4860::8888]:8443/h", allow_private=False)


def test_the_setting_allows_private_addresses() -> None:
    assert check_webhook_url("http://127.0.0.1:9/hook", allow_private=True)


def test_unresolvable_hosts_are_refused() -> None:
    with pytest.raises(UnsafeWebhookUrl, match="does not resolve"):
        check_webhook_url("http://no-such-host.invalid/hook", allow_private=False)
