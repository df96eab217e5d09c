"""The console script as tests call it: the real entry point in a subprocess, with a clean environment."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).parents[2]
SHARED = ROOT.parent / "shared" / "examples" / "plan.yaml"
# The customer's example plan; the package ships the same text (bot/plans/example.py, checked equal
# by tests/unit/test_plan_yaml.py) for checkouts without shared/ beside them.
if SHARED.exists():
    EXAMPLE = SHARED
else:
    from bot.plans.example import EXAMPLE_PLAN_YAML

    EXAMPLE = Path(tempfile.mkdtemp()) / "plan.yaml"
    EXAMPLE.write_text(EXAMPLE_PLAN_YAML)
SCRIPT = Path(sys.executable).parent / "campaign-bot"


def run(*args: str, db: Path, lang: str = "en", check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "DATABASE", "ADMIN"))}
    env |= {"DATABASE_PATH": str(db), "BOT_USERNAME": "county_campaign_bot", "DEFAULT_LANGUAGE": lang}
    proc = subprocess.run(
        [str(SCRIPT), *args], capture_output=True, text=True, env=env, cwd=db.parent.parent, timeout=120
    )
    if check:
        assert proc.returncode == 0, proc.stderr + proc.stdout
    return proc
