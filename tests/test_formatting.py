"""Swedish formatting as people read it."""

import datetime as dt

from knowledge import format_date, format_money, format_month, format_percent


def test_money_uses_space_thousands_and_kr():
    assert format_money(1_200_000) == "1 200 000 kr"
    assert format_money(0) == "0 kr"
    assert format_money(850) == "850 kr"


def test_percent_never_rounds_a_shortfall_up_to_the_threshold():
    assert format_percent(0.3) == "30 %"
    assert format_percent(0.5) == "50 %"
    assert format_percent(0.4996) == "49 %"
    assert format_percent(0.125, decimals=1) == "12,5 %"


def test_dates_in_swedish():
    assert format_date(dt.date(2027, 1, 1)) == "1 januari 2027"
    assert format_date(dt.date(2029, 12, 31)) == "31 december 2029"
    assert format_month(dt.date(2027, 3, 1)) == "mars 2027"
