"""The gateway: the only door from outside. One adapter per channel, one conversation router."""
