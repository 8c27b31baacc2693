"""Swedish formatting as people read it."""

import datetime as dt
import itertools
import re

from knowledge.formatting import format_date, format_money, format_month, format_percent, wrap_text


def test_money_uses_space_thousands_and_kr():
    assert format_money(1_200_000) == "1 200 000 kr"
    assert format_money(0) == "0 kr"
    assert format_money(850) == "850 kr"


def test_percent_never_rounds_a_shortfall_up_to_the_threshold():
    assert format_percent(0.3) == "30 %"
    assert format_percent(0.5) == "50 %"
    assert format_percent(0.4996) == "49 %"
    # Floating-point noise is not a share below the figure: 0.29 * 100 = 28.999999999999996.
    shown = [format_percent(x) for x in (0.29, 0.57, 0.58, 1.13)]
    assert shown == ["29 %", "57 %", "58 %", "113 %"]
    assert format_percent(0.499999999) == "49 %"
    assert format_percent(0.125, decimals=1) == "12,5 %"


def test_dates_in_swedish():
    assert format_date(dt.date(2027, 1, 1)) == "1 januari 2027"
    assert format_date(dt.date(2029, 12, 31)) == "31 december 2029"
    assert format_month(dt.date(2027, 3, 1)) == "mars 2027"


def test_wrapped_text_keeps_amounts_percentages_and_hyphenated_words_whole():
    text = (
        "Medfinansieringen är 30 % (300 000 kr av 1 000 000 kr). Region Gävleborg kräver "
        "minst 50 % av kostnaden – det saknas 200 000 kr. Fråga EU-samordnaren."
    )
    for width in range(20, 90):  # 20: the longest word plus the indent fits
        lines = wrap_text(text, width, indent="  ")
        assert " ".join(" ".join(lines).split()) == text
        assert all(line.startswith("  ") for line in lines)
        for line, following in itertools.pairwise(lines):
            # A number never ends a line when its digits, "kr" or "%" go on the next one.
            split_amount = line[-1].isdigit() and re.match(r"\s*(\d|kr\b|%)", following)
            assert not split_amount and not line.endswith("EU-"), (width, lines)


def test_os_errors_are_explained_in_swedish(tmp_path):
    import errno

    import pytest

    from storage import os_reason

    with pytest.raises(OSError) as missing:
        (tmp_path / "saknas" / "x.txt").read_text()
    assert os_reason(missing.value) == "filen eller mappen finns inte"
    with pytest.raises(OSError) as folder:
        tmp_path.read_text()
    assert os_reason(folder.value) == "är en mapp, inte en fil"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "disken är full"
    assert os_reason(OSError(errno.EXDEV, "Invalid cross-device link")) == "systemfel EXDEV"


def test_a_data_folder_that_cannot_be_created_says_why_in_swedish(tmp_path):
    import pytest

    from storage import StorageError
    from storage.tiny import TinyStore

    blocker = tmp_path / "fil.txt"
    blocker.write_text("x")
    with pytest.raises(StorageError) as caught:
        TinyStore(blocker / "data")
    assert "datamappen kan inte skapas (en del av sökvägen är inte en mapp)" in str(caught.value)
    assert "Not a directory" not in str(caught.value)
