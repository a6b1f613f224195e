"""Migrations of the contact centre's tables."""
