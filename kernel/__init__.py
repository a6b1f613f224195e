"""Contracts shared by the gateway and the action server; pure Python, no dependencies of ours."""
