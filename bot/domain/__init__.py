"""Pure domain core: no telegram, aiosqlite or I/O imports (enforced by tests/unit/test_purity.py)."""
