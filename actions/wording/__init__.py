"""What actions say, by area, in English and Chinese (simplified; the gateway converts to
traditional for customers who write it). `actions.messages.text` looks keys up here."""
