"""Benchmarks: scripts that print figures and write them under bench/results/ (not tests)."""
