"""Hostile plan files, as an attacker (or an unlucky leader) would upload them, and the largest plan
the limits accept. Shared by the tests (each file must be refused, quickly and without harm) and by
`bench/plans.py` (how quickly, and at what memory cost)."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

from bot.plans.limits import MAX_MEMBERS, MAX_UNITS
from bot.render.plan_workbook import write_template


def billion_laughs_yaml() -> bytes:
    """The classic: 9 levels of 9 aliases, ~600 bytes, 10^9 strings once expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def deep_yaml(depth: int = 30_000) -> bytes:
    """A 60 KB flow sequence nested `depth` deep (libyaml's composer recursed until it crashed)."""
    return b"[" * depth + b"]" * depth


def _template_with(edit: str) -> bytes:
    wb = load_workbook(io.BytesIO(write_template()))
    if edit == "far_cell":
        wb["units"]["XFD1048576"] = "x"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def far_cell_xlsx() -> bytes:
    """The template plus one cell at XFD1048576 (the last cell of a sheet): ~14 KB."""
    return _template_with("far_cell")


def zip_bomb_xlsx(uncompressed: int = 2 * 1024**3) -> bytes:
    """The template with its units sheet padded by `uncompressed` bytes of XML whitespace, which
    deflate squeezes about 1000:1 (2 GB → about 2 MB)."""
    source = zipfile.ZipFile(io.BytesIO(write_template()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if not info.filename.endswith("sheet5.xml"):
                bomb.writestr(info.filename, data)
                continue
            head, _, tail = data.partition(b"<sheetData>")
            with bomb.open(info.filename, "w", force_zip64=True) as member:
                member.write(head + b"<sheetData>")
                block = b" " * (1024 * 1024)
                for _ in range(uncompressed // len(block)):
                    member.write(block)
                member.write(tail)
    return out.getvalue()


def many_members_zip() -> bytes:
    """A zip of 5,000 empty members: cheap to send, costly to list and open."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index in range(5_000):
            archive.writestr(f"xl/media/{index}.bin", b"")
    return out.getvalue()


def long_name_yaml(length: int = 4_100) -> bytes:
    """A valid plan except for one unit name of `length` characters."""
    return largest_plan_yaml(units=2, members=2).replace("name: 单位0,".encode(), f"name: {'村' * length},".encode())


def largest_plan_yaml(units: int = MAX_UNITS, members: int = MAX_MEMBERS) -> bytes:
    """A flat county of `units` units and `members` members with a quota each: the most the limits
    accept (the default) or any smaller plan of the same shape."""
    lines = [
        "campaign: {key: big, name: 大型活动, start: 2026-11-12T08:00, end: 2027-01-05T18:00}",
        "tasks: [{key: visit, name: 入户走访, unit: 户}]",
        "units:",
        "  - {code: u0, name: 单位0, level: county}",
    ]
    lines += [f"  - {{code: u{i}, name: 单位{i}, level: town, parent: u0}}" for i in range(1, units)]
    lines.append("members:")
    lines += [f"  - {{name: 干部{i}, unit: u{1 + i % max(1, units - 1)}, role: cadre}}" for i in range(members)]
    lines.append("quotas:")
    lines.append(f"  - {{assignee: u0, visit: {members}}}")
    lines += [f"  - {{assignee: 干部{i}, visit: 1}}" for i in range(members)]
    return ("\n".join(lines) + "\n").encode()
