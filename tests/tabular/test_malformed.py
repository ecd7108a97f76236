"""Whatever bytes arrive, `read_table` answers with a table or a `TableError`, never a crash."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jokko.tabular import Table, TableError, read_table


def _workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Nom", "Date"])
    sheet.append(["Awa", "2024-01-02"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VALID_XLSX = _workbook()


def _read(data: bytes, name: str) -> None:
    try:
        result = read_table(data, name, max_bytes=200_000)
    except TableError as error:
        assert str(error)
    else:
        assert isinstance(result, Table)


@given(st.binary(max_size=2_000), st.sampled_from(["x.csv", "x.xlsx", "x.txt"]))
@settings(max_examples=300, deadline=None)
def test_arbitrary_bytes(data: bytes, name: str) -> None:
    _read(data, name)


@given(
    st.lists(
        st.tuples(st.integers(0, len(VALID_XLSX) - 1), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
    st.integers(100, len(VALID_XLSX)),
)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_damaged_workbooks(flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(VALID_XLSX[:cut])
    for position, value in flips:
        if position < len(data):
            data[position] = value
    _read(bytes(data), "damaged.xlsx")
