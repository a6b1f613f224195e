"""The gateway's composition root: the one place that builds every collaborator and passes it to
the constructors that need it (`channels.ports` says what each needs). Nothing is set on an
object after it is built.

The order follows the dependencies: what is shared (Rasa, the gateway's tables, metrics), then the
outbound halves of the channels (they need nothing of the conversation), then the contact
centre's desk (it delivers through them), then the router (it consults the desk), then the
inbound halves (they hand messages to the router). The relay is told whom to hand what it hears
when it starts listening (`Gateway.start`).
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.applications import Starlette

from banking_backend.code_senders import choose_code_sender
from channels.bank_directory import BankDirectory, bank_units
from channels.base import ChannelAdapter
from channels.code_delivery import SmsCodeSender
from channels.handoff import ChannelDeliverer, RasaPauser
from channels.inbound import InboundServices
from channels.rasa_client import RasaClient
from channels.rate_limits import RateLimiter
from channels.relay import GatewayRelay
from channels.rest import RestChannel
from channels.router import ConversationRouter
from channels.sessions import SessionTokens
from channels.settings import Settings
from channels.sms import SmsChannel, SmsSender
from channels.store import GatewayStore, StoredOutbox, StoredScripts
from channels.telegram import TelegramChannel, TelegramSender
from channels.telegram_linking import TelegramLinking
from channels.web import WebChannel
from channels.web_sockets import OpenSockets
from contact_centre.bank import BankingBackendLookup
from contact_centre.console import ConsoleDeps, create_console_app
from contact_centre.console.settings import ConsoleSettings
from contact_centre.desk import HandoffDesk
from contact_centre.live import ChangeFeed
from contact_centre.metrics import ServiceMetrics
from contact_centre.tracker_store import TrackerStoreReader
from contact_centre.unit_of_work import CentreUnitOfWork


@dataclass(frozen=True)
class Gateway:
    """Everything the app serves, built."""

    settings: Settings
    rasa: RasaClient
    store: GatewayStore
    tokens: SessionTokens
    metrics: ServiceMetrics
    router: ConversationRouter
    desk: HandoffDesk
    changes: ChangeFeed
    relay: GatewayRelay | None
    # Outbound, by channel name: what the desk delivers agents' replies through.
    adapters: dict[str, ChannelAdapter]
    web_sockets: OpenSockets
    sms_out: SmsSender | None
    telegram_out: TelegramSender | None
    # Inbound: what the routes call.
    rest: RestChannel
    web: WebChannel
    sms: SmsChannel | None
    telegram: TelegramChannel | None
    console: Starlette  # the supervisor console, mounted at /console

    @property
    def channels(self) -> dict[str, object]:
        """The channels this gateway answers on, by name."""
        inbound: dict[str, object] = {"web": self.web, "rest": self.rest}
        if self.sms is not None:
            inbound["sms"] = self.sms
        if self.telegram is not None:
            inbound["telegram"] = self.telegram
        return inbound

    async def start(self) -> None:
        if self.relay is not None:
            await self.relay.start(on_web=self.web_sockets.on_relayed, on_console_change=self.changes.wake)
        if self.sms_out is not None:
            await self.sms_out.start()
        if self.telegram_out is not None:
            await self.telegram_out.start()

    async def close(self) -> None:
        if self.telegram_out is not None:
            await self.telegram_out.close()
        if self.sms_out is not None:
            await self.sms_out.close()
        if self.relay is not None:
            await self.relay.close()
        await self.rasa.close()
        self.store.close()


def build_gateway(settings: Settings) -> Gateway:
    rasa = RasaClient(settings.rasa_urls or settings.rasa_url, settings.rasa_timeout, settings.rasa_token)
    metrics = ServiceMetrics()
    # What must be one for N gateways lives in the gateway's tables (and Redis, below).
    store = GatewayStore(settings.channels_database_url)
    outbox = StoredOutbox(store)
    units = bank_units()
    directory = BankDirectory(units)
    tokens = SessionTokens(settings.session_secret, settings.session_max_age, directory.sessions_valid_after)
    relay = GatewayRelay(settings.redis_url, settings.redis_prefix) if settings.redis_url else None

    # Outbound.
    web_sockets = OpenSockets(relay, outbox)
    sms_out = SmsSender(settings.twilio, store) if settings.twilio else None
    telegram_out = TelegramSender(settings.telegram, store) if settings.telegram else None
    adapters: dict[str, ChannelAdapter] = {"web": web_sockets}
    if sms_out is not None:
        adapters["sms"] = sms_out
    if telegram_out is not None:
        adapters["telegram"] = telegram_out

    # The human side: the handoff queue, its console and the service's figures.
    pauser = RasaPauser(rasa)
    changes = ChangeFeed(on_notify=[relay.console_changed] if relay is not None else [])
    desk = HandoffDesk(
        CentreUnitOfWork.from_url(),
        deliverer=ChannelDeliverer(adapters, directory, outbox),
        resumer=pauser,
        bank=BankingBackendLookup(units),
        metrics=metrics,
        changes=changes,
    )
    console = create_console_app(
        ConsoleDeps(
            desk=desk,
            tracker=TrackerStoreReader.from_url(),
            settings=ConsoleSettings.from_env(),
            bank=desk.bank,
        )
    )

    router = ConversationRouter(
        rasa,
        desk=desk,
        pauser=pauser,
        outbox=outbox,
        metrics=metrics,
        scripts=StoredScripts(store),
        # Counted in Redis when N gateways share it, so a client cannot spread its flood over them.
        limiter=RateLimiter(settings.rate_limits, settings.redis_url, settings.redis_prefix),
    )

    # Inbound.
    inbound = InboundServices(router, store, directory, settings.max_message_chars)
    rest = RestChannel(router, tokens, settings.max_message_chars)
    web = WebChannel(settings, inbound, tokens, web_sockets)
    sms = SmsChannel(settings.twilio, inbound, sms_out) if settings.twilio and sms_out else None
    code_sender = choose_code_sender(SmsCodeSender(sms_out) if sms_out else None)
    linking = TelegramLinking(directory, store, code_sender)
    telegram = (
        TelegramChannel(settings.telegram, inbound, linking, telegram_out)
        if settings.telegram and telegram_out
        else None
    )
    return Gateway(
        settings=settings,
        rasa=rasa,
        store=store,
        tokens=tokens,
        metrics=metrics,
        router=router,
        desk=desk,
        changes=changes,
        relay=relay,
        adapters=adapters,
        web_sockets=web_sockets,
        sms_out=sms_out,
        telegram_out=telegram_out,
        rest=rest,
        web=web,
        sms=sms,
        telegram=telegram,
        console=console,
    )
