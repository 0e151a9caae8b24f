"""saferail._unique: names made unique with a numeric suffix."""

from __future__ import annotations

from saferail._unique import unique_name


def test_taken_names_get_the_smallest_free_suffix() -> None:
    taken = {"x", "x#2"}
    assert unique_name("y", taken, "#") == "y"
    assert unique_name("x", taken, "#") == "x#3"
    assert unique_name("x", taken, "#") == "x#4"
    assert taken == {"x", "x#2", "x#3", "x#4", "y"}
