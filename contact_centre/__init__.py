"""The human side of the service: the handoff queue, agents, the supervisor console and the
service's figures. The gateway imports this package; it imports only the bank's public services."""
