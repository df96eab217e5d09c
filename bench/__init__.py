"""Benchmarks that print their figures (run: `.venv/bin/python -m bench [--quick]`)."""
