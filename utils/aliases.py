"""Other ways of writing a gold answer, so that a correct answer written differently still counts.

Introduced in notebook 0. Strict containment misses "2.6 in" for "2.6 inches", "120 euros" for
"€120" and "9am" for "09:00". :func:`aliases_of` writes a value the other common ways (units
abbreviated or spelled out, currency words, number words, clock times, dates, name parts) and the
data generator stores the result beside every gold answer (``aliases`` in ``questions.jsonl``);
:func:`accepted` is the course's headline free-text metric: the answer contains the gold or one of
its aliases, as whole words.

Only forms that strict containment would miss are kept, and a form that could name another value of
the knowledge base (a surname two people share, a bare number another value of the same kind starts
with) is dropped by the generator (``exclude``).

>>> aliases_of("2.6 inches")[:3]
['2.6 in', '2.6 inch', '2.6in']
>>> accepted("It costs 120 euros.", "€120", aliases_of("€120"))
1.0
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from utils.metrics import contains, normalize_answer

_NUMBER = r"-?\d[\d,]*(?:\.\d+)?"
_WORDS = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
]
# unit as written in the knowledge base -> other ways of writing it (the first ones join the number
# without a space too: "184g")
_UNITS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # unit: (joined forms, spaced forms)
    "hours": (("h",), ("h", "hrs", "hr", "hour")),
    "minutes": (("min",), ("min", "mins", "minute")),
    "seconds": (("s",), ("s", "sec", "secs", "second")),
    "days": ((), ("day",)),
    "weeks": ((), ("week", "wks")),
    "months": ((), ("month", "mo")),
    "years": ((), ("year", "yrs", "yr")),
    "working days": ((), ("business days", "workdays", "working day")),
    "g": (("g",), ("grams", "gram")),
    "kg": (("kg",), ("kilograms", "kilos", "kilogram")),
    "inches": (("in",), ("in", "inch")),
    "GB": (("GB",), ("gigabytes",)),
    "metres": (("m",), ("m", "meters", "metre", "meter")),
    "mm": (("mm",), ("millimetres", "millimeters")),
    "W": (("W",), ("watts",)),
    "Wh": (("Wh",), ("watt-hours", "watt hours")),
    "V": (("V",), ("volts",)),
    "mAh": (("mAh",), ("milliamp-hours",)),
    "lumens": (("lm",), ("lm",)),
    "megapixels": (("MP",), ("MP", "megapixel")),
    "°C": (("°C",), ("degrees", "degrees C", "degrees Celsius")),
    "m/s": ((), ("metres per second", "meters per second")),
    "km²": (("km2",), ("km2", "sq km", "square kilometres", "square kilometers")),
    "characters": ((), ("chars",)),
    "requests per hour": ((), ("requests an hour", "requests/hour", "per hour")),
}
# counted things: the bare number is a correct answer too ("How many countries?" "38")
_COUNTED = {
    "countries", "languages", "devices", "messages", "units", "cycles", "people", "characters",
    "drop-off points", "repair guides", "alert rules", "emergency contacts",
}  # fmt: skip
_CONVERSIONS = {"months": (12, "years", "year"), "days": (7, "weeks", "week"),
                "seconds": (60, "minutes", "minute")}  # fmt: skip
_MONTHS = [dt.date(2000, m, 1).strftime("%B") for m in range(1, 13)]


def _number_word(text: str) -> str | None:
    return _WORDS[int(text)] if text.isdigit() and int(text) < len(_WORDS) else None


def _quantity(value: str) -> list[str]:
    """Aliases of a number with a unit ("26 hours", "3 to 5 working days", "-22 °C")."""
    match = re.fullmatch(rf"({_NUMBER})(?: to ({_NUMBER}))? (.+)", value)
    if not match or _date(value):
        return []
    low, high, unit = match.groups()
    plain = low.replace(",", "")
    numbers = [low] + ([] if low == plain else [plain])
    amount = (lambda n: f"{n} to {high}") if high else (lambda n: n)
    joined, spaced = _UNITS.get(unit, ((), ()))
    out = [f"{amount(n)} {u}" for n in numbers for u in spaced]
    out += [f"{amount(n)}{u}" for n in numbers for u in joined]
    if high:
        out += [f"{low}-{high} {unit}", f"{low}–{high} {unit}"]
        out += [f"{low}-{high} {u}" for u in spaced]
    if word := _number_word(low):
        out.append(f"{word} to {_number_word(high) or high} {unit}" if high else f"{word} {unit}")
    if unit in _COUNTED and not high:
        out.append(low)
    if unit in _CONVERSIONS and not high and plain.isdigit():
        per, plural, singular = _CONVERSIONS[unit]
        if int(plain) % per == 0:
            count = int(plain) // per
            out.append(f"{count} {plural if count != 1 else singular}")
    if unit == "°C" and low.startswith("-"):
        out += [f"minus {low[1:]} °C", f"minus {low[1:]} degrees"]
    return out


def _money(value: str) -> list[str]:
    match = re.fullmatch(rf"€({_NUMBER})", value)
    if not match:
        return []
    amount = match.group(1)
    forms = {amount, amount.replace(",", "")}
    if amount.endswith(".50") or amount.endswith(".90") or amount.endswith(".80"):
        forms.add(amount[:-1])
    out = []
    for n in sorted(forms, key=lambda f: (len(f), f), reverse=True):
        out += [f"{n} euros", f"{n} euro", f"EUR {n}", f"{n} EUR", f"{n}€"]
    return out


def _clock(hhmm: str) -> dict[str, str]:
    """A clock time in three other styles: 24-hour without the leading zero, 12-hour, 12-hour
    spaced."""
    hours, minutes = (int(x) for x in hhmm.split(":"))
    twelve, half = (hours % 12 or 12), ("am" if hours < 12 else "pm")
    short = f"{twelve}" if minutes == 0 else f"{twelve}:{minutes:02d}"
    return {"24": f"{hours}:{minutes:02d}", "12": f"{short}{half}", "12 spaced": f"{short} {half}"}


def _times(value: str) -> list[str]:
    if re.fullmatch(r"\d\d:\d\d", value):
        return [*_clock(value).values(), value.replace(":", ".")]
    match = re.fullmatch(r"(\d\d:\d\d) to (\d\d:\d\d)", value)
    if not match:
        return []
    start, end = (_clock(t) for t in match.groups())
    out = [f"{start[style]} to {end[style]}" for style in start]
    out += [f"{start[style]}-{end[style]}" for style in start]
    return [*out, f"{match[1]}-{match[2]}"]


def _date(value: str) -> list[str]:
    match = re.fullmatch(rf"(\d{{1,2}}) ({'|'.join(_MONTHS)}) (\d{{4}})", value)
    if not match:
        return []
    day, month, year = int(match[1]), match[2], match[3]
    number = _MONTHS.index(month) + 1
    return [f"{month} {day}, {year}", f"{month} {day} {year}", f"{day} {month[:3]} {year}",
            f"{year}-{number:02d}-{day:02d}", f"{day:02d}/{number:02d}/{year}"]  # fmt: skip


def _text(value: str, kind: str | None) -> list[str]:
    out = []
    if "Grey" in value:
        out.append(value.replace("Grey", "Gray"))
    if "Centre" in value:
        out.append(value.replace("Centre", "Center"))
    words = value.split()
    if len(words) >= 2 and kind == "person":
        out.append(words[-1])  # "Marchetti" for "Ilse Marchetti"
    if len(words) >= 2 and kind in ("org", "place"):
        out.append(words[0])  # "Grenholm" for "Grenholm Metals"
    if re.fullmatch(r"[A-Z]+-\d+", value):
        out.append(value.replace("-", ""))
    if re.fullmatch(r"\d+(\.\d+){2}", value):
        out += [f"v{value}", f"version {value}"]
    if re.fullmatch(r"\d{4}( \d+)+", value):
        out += [value.replace(" ", ""), value.replace(" ", "-")]
    return out


def aliases_of(value: str, exclude: Iterable[str] = (), kind: str | None = None) -> list[str]:
    """Other common ways of writing ``value`` that strict containment would not accept, in a fixed
    order, without duplicates (once normalised). ``exclude``: other values an alias must not name
    (an alias contained in one of them, or containing it, is dropped; the generator passes the
    values of the same kind, the ones that can be options beside it). ``kind``: ``person`` adds the
    surname, ``org`` and ``place`` the first word of the name.

    >>> aliases_of("€120")[:3]
    ['120 euros', '120 euro', 'EUR 120']
    >>> aliases_of("09:00 to 17:30")[:3]
    ['9:00 to 17:30', '9am to 5:30pm', '9 am to 5:30 pm']
    >>> aliases_of("Ilse Marchetti", exclude=["Ilse Berg"], kind="person")
    ['Marchetti']
    >>> aliases_of("12 devices")
    ['twelve devices', '12']
    """
    candidates = _quantity(value) + _money(value) + _times(value) + _date(value)
    candidates += _text(value, kind)
    others = [o for o in exclude if normalize_answer(o) != normalize_answer(value)]
    out, seen = [], {normalize_answer(value)}
    for alias in candidates:
        key = normalize_answer(alias)
        if not key or key in seen or contains(alias, value):
            continue  # empty, a repeat, or strict containment already accepts it
        if any(contains(other, alias) or contains(alias, other) for other in others):
            continue
        seen.add(key)
        out.append(alias)
    return out


def accepted(prediction: str | None, gold: str | None, aliases: Sequence[str] | None = ()) -> float:
    """1.0 when ``prediction`` contains the gold or any of its aliases as whole words.

    >>> accepted("The A200 weighs 184 grams.", "184 g", ["184 grams"])
    1.0
    >>> accepted("It weighs 1184 grams.", "184 g", ["184 grams"])
    0.0
    """
    if contains(prediction, gold):
        return 1.0
    return float(any(contains(prediction, alias) for alias in aliases or ()))
