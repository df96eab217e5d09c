"""How /leave's words are read: a name before the dates, a range written the way people write it
(12-10至12-15, 12月10日到12月15日, 12-10 ~ 12-15), `off`; anything else gets the usage reply."""

from __future__ import annotations

import pytest

from bot.domain.errors import DomainError
from bot.handlers.leave import split_args


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["12-10", "12-15"], (None, ["12-10", "12-15"])),
        (["12-10至12-15"], (None, ["12-10", "12-15"])),
        (["12-10", "至", "12-15"], (None, ["12-10", "12-15"])),
        (["12月10日到12月15日"], (None, ["12月10日", "12月15日"])),
        (["张三", "12-10~12-15"], ("张三", ["12-10", "12-15"])),
        (["张三", "12-10", "～", "12-15"], ("张三", ["12-10", "12-15"])),
        (["12-10"], (None, ["12-10"])),
        (["张三", "off"], ("张三", ["off"])),
        (["李至诚", "12-10", "12-15"], ("李至诚", ["12-10", "12-15"])),  # 至 inside a name stays
    ],
)
def test_leave_arguments_are_read_as_written(args: list[str], expected: tuple[str | None, list[str]]) -> None:
    assert split_args(args) == expected


@pytest.mark.parametrize("args", [["至"], ["12-10", "12-11", "12-12"], ["张三"], []])
def test_anything_else_gets_the_usage(args: list[str]) -> None:
    with pytest.raises(DomainError):
        split_args(args)
