from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.http.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_refills_at_its_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, clock=clock)
    assert [limiter.take("k") for _ in range(60)] == [0.0] * 60
    assert limiter.take("k") == 1.0
    clock.now = 1.0
    assert limiter.take("k") == 0.0
    assert limiter.take("other") == 0.0


@given(st.integers(1, 120), st.lists(st.floats(0, 5), max_size=200))
def test_never_more_than_capacity_plus_refill(per_minute: int, gaps: list[float]) -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=per_minute, clock=clock)
    allowed = 0
    for gap in gaps:
        clock.now += gap
        allowed += limiter.take("k") == 0.0
    assert allowed <= per_minute + clock.now * per_minute / 60 + 1e-9


def test_forgets_the_least_recent_callers_past_its_size() -> None:
    limiter = RateLimiter(per_minute=1, clock=Clock(), max_keys=2)
    for key in ("a", "b", "c"):
        limiter.take(key)
    assert limiter.take("a") == 0.0  # forgotten, so full again
