"""Text catalogue: zh. Keys are grouped by feature; every key must exist in every language
(tests/unit/test_texts.py renders each one). Add keys inside your feature's block only."""

TEXTS: dict[str, str] = {
    # --- errors ---
    # --- plans ---
    # --- parser ---
    # --- onboarding ---
    # --- reporting ---
    # --- views ---
    # --- leader ---
    # --- bulletin ---
    # --- scheduler ---
    # --- cli ---
}
