"""Simulated customers: `concurrency` asyncio tasks, each taking fresh bench customers one after
another and running the scripted conversation with them, over loopback HTTP, until the time or
the customers run out. Every message is timed and judged: HTTP error, timeout, or an answer
the script did not expect (then the rest of that conversation is dropped: it is off script)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx

from bench.conversations import TURNS, reply_text
from bench.customers import BenchCustomer
from bench.stats import summary_ms
from channels.sessions import SessionTokens
from channels.settings import Settings
from kernel.identity import conversation_id_for, sign_identity

WEBHOOK = "/webhooks/rest/webhook"


class Route:
    """How a message reaches the bot: through the gateway's REST channel, or to Rasa directly."""

    name: str

    def request(self, customer: BenchCustomer, text: str) -> tuple[str, dict, dict]:
        raise NotImplementedError

    def served_by(self, url: str, response: httpx.Response) -> str | None:
        """Which instance answered (with several), as counted in the level's figures."""
        return None


class ThroughGateway(Route):
    name = "gateway"

    def __init__(self, gateway_url: str, instances: int = 1) -> None:
        self.url = gateway_url + WEBHOOK  # with N gateways, their shared port: the kernel spreads connections
        self.instances = instances
        settings = Settings.from_env()  # the stack's environment: same session secret
        self._tokens = SessionTokens(settings.session_secret, settings.session_max_age)
        self._issued: dict[int, str] = {}

    def request(self, customer: BenchCustomer, text: str) -> tuple[str, dict, dict]:
        token = self._issued.get(customer.id)
        if token is None:
            token = self._issued[customer.id] = self._tokens.issue(customer.id, customer.username)
        body = {"sender": f"bench-{customer.id}", "message": text}
        return self.url, body, {"Authorization": f"Bearer {token}"}

    def served_by(self, url: str, response: httpx.Response) -> str | None:
        if self.instances == 1:
            return None
        headers = response.headers
        return f"{headers.get('x-bankbot-gateway')} → rasa {headers.get('x-bankbot-rasa-instance')}"


class StraightToRasa(Route):
    """What the gateway sends Rasa (channels/router.py `_ask_bot`): the customer's conversation id
    and a freshly signed identity as metadata. With several Rasa instances, conversation i (in the
    order they start) goes to instance i mod N and stays there: the gateway moves a conversation
    between instances message by message, so this route shows Rasa without that hopping."""

    name = "rasa"

    def __init__(self, rasa_urls: list[str]) -> None:
        self.urls = [url + WEBHOOK for url in rasa_urls]
        self._assigned: dict[int, str] = {}

    def request(self, customer: BenchCustomer, text: str) -> tuple[str, dict, dict]:
        url = self._assigned.get(customer.id)
        if url is None:
            url = self._assigned[customer.id] = self.urls[len(self._assigned) % len(self.urls)]
        conversation = conversation_id_for(customer.id)
        metadata = {"channel": "rest", "identity": sign_identity(customer.id, "rest", conversation, text)}
        return url, {"sender": conversation, "message": text, "metadata": metadata}, {}

    def served_by(self, url: str, response: httpx.Response) -> str | None:
        return f"rasa {url.removesuffix(WEBHOOK).removeprefix('http://')}" if len(self.urls) > 1 else None


@dataclass
class LevelResult:
    route: str
    concurrency: int
    seconds: float = 0.0
    conversations_started: int = 0
    conversations_completed: int = 0
    latencies: list[float] = field(default_factory=list)  # every message that got an HTTP answer
    good_messages: int = 0
    errors: Counter = field(default_factory=Counter)
    unexpected_examples: list[dict] = field(default_factory=list)
    served_by: Counter = field(default_factory=Counter)  # answered messages per instance, when several

    @property
    def messages(self) -> int:
        return self.good_messages + sum(self.errors.values())

    def figures(self) -> dict:
        return {
            "route": self.route,
            "concurrency": self.concurrency,
            "seconds": round(self.seconds, 2),
            "conversations_started": self.conversations_started,
            "conversations_completed": self.conversations_completed,
            "messages": self.messages,
            "good_messages": self.good_messages,
            "messages_per_second": round(self.good_messages / self.seconds, 2) if self.seconds else None,
            "errors": sum(self.errors.values()),
            "errors_by_kind": dict(self.errors),
            "latency": summary_ms(self.latencies),
            "unexpected_examples": self.unexpected_examples,
            **({"served_by": dict(sorted(self.served_by.items()))} if self.served_by else {}),
        }


async def _converse(
    client: httpx.AsyncClient, route: Route, customer: BenchCustomer, deadline: float, result: LevelResult
) -> None:
    result.conversations_started += 1
    for part, turn in TURNS:
        if time.monotonic() >= deadline:
            return
        url, body, headers = route.request(customer, turn.say)
        started = time.perf_counter()
        try:
            response = await client.post(url, json=body, headers=headers)
        except httpx.TimeoutException:
            result.errors["timeout"] += 1
            return
        except httpx.HTTPError as exc:
            result.errors[f"connection: {type(exc).__name__}"] += 1
            return
        result.latencies.append(time.perf_counter() - started)
        if instance := route.served_by(url, response):
            result.served_by[instance] += 1
        if response.status_code != 200:
            result.errors[f"http {response.status_code}"] += 1
            return
        reply = reply_text(response.json())
        if not turn.answered(reply):
            result.errors["unexpected answer"] += 1
            if len(result.unexpected_examples) < 10:
                result.unexpected_examples.append({"part": part, "said": turn.say, "reply": reply})
            return
        result.good_messages += 1
    result.conversations_completed += 1


async def run_level(
    route: Route,
    customers: Iterator[BenchCustomer],
    concurrency: int,
    seconds: float,
    timeout: float = 30,
) -> LevelResult:
    """Run `concurrency` simulated customers for `seconds` (no new message after that) or until
    `customers` runs out, whichever first."""
    result = LevelResult(route.name, concurrency)
    limits = httpx.Limits(max_connections=concurrency + 4, max_keepalive_connections=concurrency + 4)
    async with httpx.AsyncClient(timeout=timeout, limits=limits) as client:
        started = time.monotonic()
        deadline = started + seconds

        async def customer_loop() -> None:
            while time.monotonic() < deadline:
                customer = next(customers, None)
                if customer is None:
                    return
                await _converse(client, route, customer, deadline, result)

        await asyncio.gather(*(customer_loop() for _ in range(concurrency)))
        result.seconds = time.monotonic() - started
    return result
