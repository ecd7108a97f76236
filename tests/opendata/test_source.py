"""Bad source files get a clear message and produce nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from jokko import opendata


def test_a_file_without_the_source_columns_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("name,phone\nAwa,+221770000000\n", encoding="utf-8")
    with pytest.raises(opendata.SourceError, match="missing columns identified_on"):
        opendata.load_csv(opendata.connect(), path)


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_bytes("identified_on,sexe\n2024-01-01,féminin\n".encode("latin-1"))
    with pytest.raises(opendata.SourceError, match="Cannot read"):
        opendata.load_csv(opendata.connect(), path)


def test_unparseable_values_become_unknown_rather_than_guessed(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    header = ",".join(opendata.SOURCE_COLUMNS)
    path.write_text(
        f"{header}\nnot-a-date,SN-TC-KIDIRA,,GN,female,twelve,,,,tip\n", encoding="utf-8"
    )
    con = opendata.connect()
    assert opendata.load_csv(con, path) == 1
    assert con.execute("SELECT identified_on, age FROM source").fetchall() == [(None, None)]
