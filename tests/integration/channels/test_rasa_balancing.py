"""The gateway's Rasa client over several instances (real HTTP servers standing in for Rasa):
round-robin, the next instance when one is down or says 503, and no resend of a message an
instance may have processed (a 500, a dropped connection)."""

from __future__ import annotations

import asyncio

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from channels.rasa_client import RasaClient, RasaUnavailable, answered_by
from tests.fakes.server import free_port, serve


class FakeRasa:
    def __init__(self, name: str, status: int = 200, loaded: bool = True) -> None:
        self.name = name
        self.status = status
        self.loaded = loaded  # a Rasa still loading its model answers [] and its /status 409
        self.received: list[str] = []

    def app(self) -> Starlette:
        async def webhook(request: Request) -> Response:
            self.received.append((await request.json())["message"])
            if self.status != 200:
                return Response("no", status_code=self.status)
            return JSONResponse([{"text": f"{self.name} answers"}] if self.loaded else [])

        async def status(_: Request) -> Response:
            return JSONResponse({}, status_code=200 if self.loaded else 409)

        return Starlette(
            routes=[
                Route("/webhooks/rest/webhook", webhook, methods=["POST"]),
                Route("/status", status),
            ]
        )


def send_all(urls: list[str], messages: list[str]) -> list[tuple[str, str]]:
    """(answer text, answering instance) for each message, sent one after the other."""

    async def run() -> list[tuple[str, str]]:
        client = RasaClient(urls, timeout=10)
        try:
            results = []
            for message in messages:
                answers = await client.send("customer-1", message, {})
                results.append((answers[0]["text"], answered_by.get()))
            return results
        finally:
            await client.close()

    return asyncio.run(run())


def test_messages_take_turns_over_the_instances():
    a, b = FakeRasa("a"), FakeRasa("b")
    with serve(a.app()) as url_a, serve(b.app()) as url_b:
        results = send_all([url_a, url_b], ["1", "2", "3", "4"])
    assert [text for text, _ in results] == ["a answers", "b answers", "a answers", "b answers"]
    assert results[0][1] == url_a.removeprefix("http://")
    assert (a.received, b.received) == (["1", "3"], ["2", "4"])


@pytest.mark.parametrize("down", ["closed port", "503"])
def test_an_instance_that_surely_did_not_process_is_skipped(down):
    live, unavailable = FakeRasa("live"), FakeRasa("unavailable", status=503)
    with serve(live.app()) as url_live, serve(unavailable.app()) as url_503:
        other = f"http://127.0.0.1:{free_port()}" if down == "closed port" else url_503
        results = send_all([other, url_live], ["1", "2", "3"])
    assert [text for text, _ in results] == ["live answers"] * 3
    assert live.received == ["1", "2", "3"], "each message processed once"


def test_a_message_an_instance_may_have_processed_is_not_resent():
    failing, live = FakeRasa("failing", status=500), FakeRasa("live")
    with serve(failing.app()) as url_failing, serve(live.app()) as url_live:

        async def run() -> None:
            client = RasaClient([url_failing, url_live], timeout=10)
            try:
                with pytest.raises(RasaUnavailable):
                    await client.send("customer-1", "yes", {})
            finally:
                await client.close()

        asyncio.run(run())
    assert failing.received == ["yes"]
    assert live.received == [], "a 500 may come after the message ran: not sent to another instance"


def test_no_instance_reachable_is_rasa_unavailable():
    async def run() -> None:
        client = RasaClient([f"http://127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}"], 5)
        try:
            with pytest.raises(RasaUnavailable, match="no Rasa instance answered"):
                await client.send("customer-1", "hello", {})
        finally:
            await client.close()

    asyncio.run(run())


def test_an_instance_still_loading_its_model_is_skipped():
    loading, live = FakeRasa("loading", loaded=False), FakeRasa("live")
    with serve(loading.app()) as url_loading, serve(live.app()) as url_live:
        results = send_all([url_loading, url_live], ["1", "2"])
    assert [text for text, _ in results] == ["live answers"] * 2
    assert live.received == ["1", "2"]
