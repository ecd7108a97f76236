"""The `jokko` entry point: two-word data exchange commands map to Django command names."""

from jokko.cli import django_arguments


def test_two_word_commands_become_one_command_name() -> None:
    assert django_arguments(["export", "htcds", "--out", "x.json"]) == [
        "export_htcds",
        "--out",
        "x.json",
    ]
    assert django_arguments(["import", "kobo", "sub.xml"]) == ["import_kobo", "sub.xml"]


def test_other_commands_pass_through_unchanged() -> None:
    assert django_arguments(["migrate"]) == ["migrate"]
    assert django_arguments(["export", "--help"]) == ["export", "--help"]
    assert django_arguments([]) == []
