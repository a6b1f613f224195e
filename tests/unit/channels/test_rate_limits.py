"""The rate limiter alone: settings from the environment, refusals with a wait, one notice per
contact, and a storage that fails lets messages through (limits must not stop the service)."""

from __future__ import annotations

import pytest

from channels.rate_limits import RateLimited, RateLimiter, RateLimitSettings, refusal_text


def test_settings_default_and_refuse_a_rate_that_is_not_one():
    assert RateLimitSettings.from_env({}).per_conversation == "30/minute"
    assert RateLimitSettings.from_env({"BANKBOT_RATE_PER_ADDRESS": "5 per 10 seconds"}).per_address == (
        "5 per 10 seconds"
    )
    with pytest.raises(ValueError, match="BANKBOT_RATE_PER_CONTACT"):
        RateLimitSettings.from_env({"BANKBOT_RATE_PER_CONTACT": "lots"})


async def test_past_the_limit_a_message_is_refused_with_the_wait_and_told_once():
    limiter = RateLimiter(RateLimitSettings(per_conversation="2/minute"))
    for _ in range(2):
        await limiter.check_message("customer-1", "sms", "+14155550101", None)
    refusals = []
    for _ in range(2):
        with pytest.raises(RateLimited) as refused:
            await limiter.check_message("customer-1", "sms", "+14155550101", None)
        refusals.append(refused.value)
    assert 1 <= refusals[0].retry_after <= 60
    assert [r.tell for r in refusals] == [True, False]
    # Another customer is not affected.
    await limiter.check_message("customer-2", "sms", "+14155550102", None)


async def test_anonymous_handoffs_are_counted_per_address_else_per_contact():
    limiter = RateLimiter(RateLimitSettings(anonymous_handoffs_per_address="1/hour"))
    await limiter.check_anonymous_handoff("rest", "a", "10.0.0.1")
    with pytest.raises(RateLimited) as refused:
        await limiter.check_anonymous_handoff("rest", "b", "10.0.0.1")
    assert refused.value.handoff and refused.value.retry_after > 3000
    await limiter.check_anonymous_handoff("telegram", "77", None)
    with pytest.raises(RateLimited):
        await limiter.check_anonymous_handoff("telegram", "77", None)


def test_the_words_say_when_in_both_languages():
    assert "30 s" in refusal_text(RateLimited("contact", 30)) and "请" in refusal_text(RateLimited("x", 30))
    assert "10 min" in refusal_text(RateLimited("address", 600, handoff=True))


async def test_an_unreachable_redis_lets_messages_through():
    limiter = RateLimiter(RateLimitSettings(per_conversation="1/minute"), redis_url="redis://127.0.0.1:1/0")
    for _ in range(3):
        await limiter.check_message("customer-1", "rest", "app", "127.0.0.1")


async def test_one_flooding_address_does_not_use_up_everyones_anonymous_handoffs():
    limiter = RateLimiter(
        RateLimitSettings(anonymous_handoffs_per_address="1/hour", anonymous_handoffs="3/hour")
    )
    for attempt in range(10):
        try:
            await limiter.check_anonymous_handoff("rest", f"flood-{attempt}", "10.0.0.66")
        except RateLimited:
            pass
    await limiter.check_anonymous_handoff("rest", "b", "10.0.0.2")
    await limiter.check_anonymous_handoff("rest", "c", "10.0.0.3")
    with pytest.raises(RateLimited) as refused:
        await limiter.check_anonymous_handoff("rest", "d", "10.0.0.4")
    assert refused.value.what == "anonymous handoffs"
