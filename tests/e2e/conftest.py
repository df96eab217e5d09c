"""The e2e tests use the shared fixtures of tests/conftest.py and the Harness of tests/harness.py."""

from tests.harness import ADMIN_ID, Harness

__all__ = ["ADMIN_ID", "Harness"]
