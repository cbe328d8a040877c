from __future__ import annotations

import base64

from app.publishing.signing import SECRET_PREFIX, new_secret, sign, webhook_headers


def test_signature_matches_the_standard_webhooks_test_vector() -> None:
    # The published vector of the Standard Webhooks reference libraries.
    signature = sign(
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "msg_p5jXN8AQM9LWM0D4loKWxJek",
        1614265330,
        b'{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_new_secrets_are_prefixed_random_base64() -> None:
    first, second = new_secret(), new_secret()
    assert first != second
    assert first.startswith(SECRET_PREFIX)
    assert len(base64.b64decode(first.removeprefix(SECRET_PREFIX))) == 24


def test_headers_carry_id_timestamp_and_a_signature_over_the_body() -> None:
    secret = new_secret()
    headers = webhook_headers(secret, "msg_1", 1700000000, b"{}")
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-timestamp"] == "1700000000"
    assert headers["webhook-signature"] == sign(secret, "msg_1", 1700000000, b"{}")
    assert headers["webhook-signature"] != sign(secret, "msg_1", 1700000000, b"{ }")
