"""Small helpers shared by the bank's tests."""

from dataclasses import dataclass, field

from banking_backend.code_senders import RecordingCodeSender
from banking_backend.services import accounts, otp


def balance(uow, customer_id, account_id):
    return next(a for a in accounts.list_accounts(uow, customer_id) if a.id == account_id).balance


def step_up(uow, customer_id):
    sender = RecordingCodeSender()
    otp.issue_code(uow, customer_id, "transfer", sender)
    return otp.verify_code(uow, customer_id, "transfer", sender.last_code())


@dataclass
class Phones:
    """The carrier, for the test: which number each code reached."""

    texts: list[tuple[str, str, str]] = field(default_factory=list)  # (phone, code, purpose)

    def send_code(self, customer, code, purpose):
        self.texts.append((customer.phone, code, purpose))

    def code_to(self, phone):
        return next(code for number, code, _ in reversed(self.texts) if number == phone)
