"""kill -9 after a report was committed and its update confirmed to Telegram, before the acknowledgement
was sent (SPEC §9): Telegram will not deliver that update again, so only the acknowledgement owed in
the database can answer the member. After the restart it arrives — once — and the report counts once.

The acknowledgement is held by the emulator (a `timeout` fault), so the kill lands in exactly that window.
"""

from __future__ import annotations

from pathlib import Path

from .conftest import (
    FIRST,
    HANG,
    RECORDED,
    Emulator,
    acks,
    held,
    import_drill,
    ledger,
    owed,
    start_bot,
    state,
    stop,
    wait_for,
)


def test_kill_9_after_the_update_was_confirmed_before_its_acknowledgement_sends_the_owed_one_once(
    emulator: Emulator, tmp_path: Path
) -> None:
    db, log = import_drill(emulator, tmp_path, minutes_ago=-600, cadres=2), tmp_path / "bot.log"
    emulator.control("inject_fault", method="sendMessage", kind="timeout", chat_id=FIRST, delay=HANG, times=6)
    report = emulator.control("send_text", user_id=FIRST, text="走访3")
    key = (FIRST, report["message_id"])
    bot = start_bot(emulator, db, log)
    try:
        # committed, its acknowledgement held, and yet the update is confirmed: nothing waits for that chat
        confirmed = wait_for(lambda: held(emulator) and not emulator.get("pending"), every=0.02, fail=False)
        assert confirmed, state(emulator, db, log)
    finally:
        bot.kill()  # SIGKILL
        bot.wait(timeout=10)
    assert ledger(db) == [(*key, 3)]
    assert key not in acks(emulator)  # the kill came before any acknowledgement …
    assert owed(db) == [key]  # … which the database still owes

    emulator.control("clear_faults")
    bot = start_bot(emulator, db, log)
    try:
        done = wait_for(lambda: key in acks(emulator) and not owed(db), timeout=20, fail=False)
        assert done, state(emulator, db, log)
    finally:
        stop(bot)
    [ack] = acks(emulator)[key]  # exactly once: nothing is owed any more, so nothing more can come
    assert ack.startswith(RECORDED), ack
    assert "+3 → 3/10" in ack, ack
    assert ledger(db) == [(*key, 3)]
