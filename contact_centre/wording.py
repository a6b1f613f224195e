"""What the contact centre itself says to a customer, in English and Chinese: its catalogue
(kernel/texts.py). Agents' own replies are theirs, not catalogue entries."""

from __future__ import annotations

from kernel.texts import Catalogue

CATALOGUE = Catalogue(
    {
        "waiting": {
            "en": (
                "You're number {position} in the queue for a person. "
                "Please stay here: we'll answer on this channel."
            ),
            "zh": "您目前排在人工客服队列的第 {position} 位。请稍候，我们会在这里回复您。",
        },
        "with_agent": {
            "en": "A member of our team has your conversation and will reply here.",
            "zh": "客服人员正在处理您的对话，会在这里回复您。",
        },
    }
)
text = CATALOGUE.text
