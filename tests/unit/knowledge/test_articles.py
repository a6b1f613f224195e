"""The knowledge base files (data/knowledge/*.yml) keep the format of docs KB_SPEC: every topic
once, enough varied questions in both languages, an answer in both languages whose figures come
only from placeholders the action can fill. A broken file here means a customer's question gets
no article, or an answer with a stale or invented figure."""

import re
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
KNOWLEDGE = ROOT / "data" / "knowledge"
AREAS = {"fees", "branches", "rates", "limits", "money_in", "cards", "accounts", "app_security"}
MIN_QUESTIONS = 12
MAX_ANSWER_TEXT = 600  # characters besides what the placeholders expand to

FEE_CODES = {
    "monthly_maintenance", "paper_statement", "overdraft", "card_replacement", "card_annual_platinum",
    "card_late_payment", "card_foreign_transaction", "transfer_online", "transfer_same_day",
    "transfer_counter", "wire_outgoing", "wire_incoming", "wire_cable", "atm_in_network",
    "atm_out_of_network", "atm_abroad", "fx_conversion", "fx_cash",
}
PLACEHOLDERS = (
    {f"fees:{c}" for c in ("account", "card", "transfer", "international_wire", "atm", "fx")}
    | {f"fee:{c}" for c in FEE_CODES}
    | {f"rates:{k}" for k in ("savings", "deposit", "loan", "card")}
    | {"fx", "branches", "atms", "limits"}
)
# The placeholder each data-backed topic must show (the spec's topic list); other topics are text.
EXPECTED = {
    "fees_account": "fees:account", "fees_card": "fees:card", "fees_transfer": "fees:transfer",
    "fees_international_wire": "fees:international_wire", "fees_atm": "fees:atm", "fees_fx": "fees:fx",
    "fees_premium": "fees:account", "branch_hours": "branches", "branch_locations": "branches",
    "atm_locations": "atms", "exchange_rates": "fx", "savings_rates": "rates:savings",
    "deposit_rates": "rates:deposit", "loan_rates": "rates:loan", "credit_card_rates": "rates:card",
    "transfer_limits": "limits", "statements": "fee:paper_statement", "deposit_cash": "atms",
    "receive_international": "fee:wire_incoming", "overdraft_info": "fee:overdraft",
    "replace_card": "fee:card_replacement", "card_abroad": "fee:card_foreign_transaction",
    "apply_credit_card": "rates:card", "apply_loan": "rates:loan",
}
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
CURRENCY_OR_PERCENT = re.compile(r"[$€£¥￥%％]|\bRMB\b|\bCNY\b|\bUSD\b|元")


def _articles():
    found = []
    for path in sorted(KNOWLEDGE.glob("*.yml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert document.get("version") == 1, path.name
        found += [(path.stem, article) for article in document["articles"]]
    return found


ARTICLES = _articles()
IDS = [article["topic"] for _, article in ARTICLES]


def _normal(question: str) -> str:
    text = unicodedata.normalize("NFKC", question).casefold()
    return " ".join(re.sub(r"[?？!！.。,，~]+", " ", text).split())


def test_one_file_per_area_and_44_unique_topics():
    assert {p.stem for p in KNOWLEDGE.glob("*.yml")} == AREAS
    assert len(IDS) == 44
    assert len(set(IDS)) == len(IDS), [t for t in IDS if IDS.count(t) > 1]
    assert set(EXPECTED) <= set(IDS)


@pytest.mark.parametrize("area,article", ARTICLES, ids=IDS)
def test_article_has_titles_questions_and_answers_in_both_languages(area, article):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", article["topic"])
    for lang in ("en", "zh"):
        assert article["title"][lang].strip()
        questions = article["questions"][lang]
        assert len(questions) >= MIN_QUESTIONS, (lang, len(questions))
        assert all(isinstance(q, str) and q.strip() for q in questions)
        assert len({_normal(q) for q in questions}) == len(questions), "a question is repeated"
        assert article["answer"][lang].strip()


@pytest.mark.parametrize("area,article", ARTICLES, ids=IDS)
def test_answer_figures_come_only_from_known_placeholders(area, article):
    for lang in ("en", "zh"):
        answer = article["answer"][lang]
        used = set(PLACEHOLDER.findall(answer))
        assert used <= PLACEHOLDERS, used - PLACEHOLDERS
        text = PLACEHOLDER.sub("", answer)
        assert not CURRENCY_OR_PERCENT.search(text), CURRENCY_OR_PERCENT.search(text).group()
        assert "**" not in text and "|" not in text, "answers are plain text (SMS, Telegram)"
        assert len(text) <= MAX_ANSWER_TEXT, len(text)
        if article["topic"] in EXPECTED:
            assert EXPECTED[article["topic"]] in used, (lang, "missing", EXPECTED[article["topic"]])
        else:
            assert not used, "a text-only topic needs no bank data"


def test_no_question_belongs_to_two_topics():
    owner = {}
    clashes = []
    for _, article in ARTICLES:
        for lang in ("en", "zh"):
            for question in article["questions"][lang]:
                key = _normal(question)
                if key in owner and owner[key] != article["topic"]:
                    clashes.append((question, owner[key], article["topic"]))
                owner.setdefault(key, article["topic"])
    assert not clashes, clashes


def _nlu_examples_of_task_intents():
    """Examples of the intents the bot handles as tasks: a knowledge question must not be one."""
    examples = {}
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" not in block or block["intent"] == "unsupported_banking":
                continue
            for line in block["examples"].splitlines():
                text = re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", line.strip().removeprefix("- "))
                if text:
                    examples[_normal(text)] = block["intent"]
    return examples


def test_no_question_is_an_example_of_a_task_intent():
    examples = _nlu_examples_of_task_intents()
    assert examples, "the NLU data was not read"
    clashes = [
        (question, article["topic"], examples[_normal(question)])
        for _, article in ARTICLES
        for lang in ("en", "zh")
        for question in article["questions"][lang]
        if _normal(question) in examples
    ]
    assert not clashes, clashes
