"""Pairing task words with their counts (SPEC §3.2): `走访5` (task first) or `5户走访` (count first).

Pure: no I/O. A message is read task-first, the usual way; only when that fails on where a count
stands (a count before any task, two counts, a task without one) is it read count-first, and the
count-first reading is taken only if it accounts for every word. A message mixing both orders is read
clause by clause (clauses end at punctuation or a line break: 走访5户，3人体检), each clause in one
order; otherwise it is refused with the task-first reason: guessing which count belongs to which task
is what we refuse.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.domain.lexer import Kind, Token
from bot.domain.refusals import Reason, ReportParseError

# (task token, its count token); the caller checks each count and resolves each task word.
Mention = tuple[Token, Token]
Fail = Callable[..., ReportParseError]  # fail(reason, **params) builds the refusal
_ORDER_REASONS = frozenset({Reason.COUNT_WITHOUT_TASK, Reason.TWO_COUNTS, Reason.MISSING_COUNT})


def pair(tokens: list[Token], fail: Fail, name: Callable[[Token], str]) -> list[Mention]:
    """Mentions in message order. `tokens` hold only TASK, NUMBER, UNIT and OTHER tokens; `fail(reason,
    **params)` builds the refusal, `name(task token)` the task's display name for it."""
    try:
        return _task_first(tokens, fail, name)
    except ReportParseError as first:
        if first.reason not in _ORDER_REASONS:
            raise
        try:
            return _count_first(tokens, fail, name)
        except ReportParseError:
            pass
        clauses: dict[int, list[Token]] = {}
        for tok in tokens:
            clauses.setdefault(tok.clause, []).append(tok)
        if len(clauses) == 1:
            raise first from None
        try:  # each clause in its own order: 今天走访5户，3人体检
            return [mention for clause in clauses.values() for mention in pair(clause, fail, name)]
        except ReportParseError:
            raise first from None


def _task_first(tokens: list[Token], fail: Fail, name: Callable[[Token], str]) -> list[Mention]:
    out: list[Mention] = []
    task: Token | None = None  # the open mention's task word
    counted = after_number = False
    for tok in tokens:
        if tok.kind is Kind.TASK:
            if task is not None and not counted:
                raise fail(Reason.MISSING_COUNT, task=name(task))
            task, counted = tok, False
        elif tok.kind is Kind.NUMBER:
            if task is None:
                raise fail(Reason.COUNT_WITHOUT_TASK, word=tok.text)
            if counted:
                raise fail(Reason.TWO_COUNTS, task=name(task), word=tok.text)
            out.append((task, tok))
            counted = True
        elif tok.kind is Kind.UNIT and task is not None and not counted:
            raise fail(Reason.MISSING_COUNT, task=name(task))
        elif not (tok.kind is Kind.UNIT and after_number):  # a unit belongs right after its count
            raise fail(Reason.UNKNOWN_WORD, word=tok.text)
        after_number = tok.kind is Kind.NUMBER
    if task is not None and not counted:
        raise fail(Reason.MISSING_COUNT, task=name(task))
    return out


def _count_first(tokens: list[Token], fail: Fail, name: Callable[[Token], str]) -> list[Mention]:
    out: list[Mention] = []
    count: Token | None = None  # a count waiting for its task
    after_number = False
    for tok in tokens:
        if tok.kind is Kind.NUMBER:
            if count is not None:
                raise fail(Reason.COUNT_WITHOUT_TASK, word=count.text)
            count = tok
        elif tok.kind is Kind.TASK:
            if count is None:
                raise fail(Reason.MISSING_COUNT, task=name(tok))
            out.append((tok, count))
            count = None
        elif not (tok.kind is Kind.UNIT and after_number):
            raise fail(Reason.UNKNOWN_WORD, word=tok.text)
        after_number = tok.kind is Kind.NUMBER
    if count is not None:
        raise fail(Reason.COUNT_WITHOUT_TASK, word=count.text)
    return out
