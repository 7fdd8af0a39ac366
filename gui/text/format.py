"""How numbers read on screen: USD with a real minus sign, millions or billions, percents."""

from __future__ import annotations

MINUS = "\u2212"
#: The units written after a number ('$472 m', '$1.36 bn', '62 %'): a line that wraps is never
#: broken between a number and its unit.
UNIT_WORDS = frozenset({"m", "bn", "%"})


def usd(value_usd_m: float, signed: bool = False) -> str:
    """-466.4 -> '−$466 m'; 1360 -> '$1.36 bn'."""
    sign = MINUS if value_usd_m < -0.05 else ("+" if signed and value_usd_m > 0.05 else "")
    magnitude = abs(value_usd_m)
    if magnitude >= 1000:
        return f"{sign}${magnitude / 1000:.2f} bn"
    return f"{sign}${magnitude:,.0f} m"


def usd_m(value_usd_m: float, signed: bool = False) -> str:
    """-466.4 -> '−466'; 2862.3 -> '2,862': millions of USD where the unit is named once
    around them (a table's title), so a narrow column holds them whole."""
    text = f"{abs(value_usd_m):,.0f}"
    if text == "0":
        return text
    return (MINUS if value_usd_m < 0 else "+" if signed else "") + text


def pct(value: float | None, signed: bool = False, digits: int = 0) -> str:
    if value is None:
        return "n/a"
    sign = MINUS if value < 0 and round(abs(value), digits) > 0 else ""
    if signed and value > 0 and round(value, digits) > 0:
        sign = "+"
    return f"{sign}{abs(value):.{digits}f} %"


def number(value: float, unit: str) -> str:
    text = f"{value:g}"
    return f"{text} {unit}" if unit else text
