"""Quantities in regulation text (十五日, 6个月, 五人): reading them, their scale, near values and written forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_CN_DIGITS = "零一二三四五六七八九"
_NUMERAL = r"(?:\d+|[零一二两三四五六七八九十百千]{1,6})"
TIME_UNITS = ("个工作日", "个月", "小时", "日", "天", "年")
UNITS = ("个工作日", "个月", "小时", "日", "天", "年", "次", "人", "名", "届", "倍")
_QUANTITY = re.compile(rf"(?<![\d零一二两三四五六七八九十百千第星期])({_NUMERAL})({'|'.join(UNITS)})")
# The scales a 命题人 picks wrong values from: the values the domain itself uses for this unit.
SCALES: dict[str, tuple[int, ...]] = {
    "日": (1, 2, 3, 5, 7, 10, 15, 30, 60, 90),
    "天": (1, 2, 3, 5, 7, 10, 15, 30, 60, 90),
    "个工作日": (3, 5, 7, 10, 15, 20),
    "个月": (1, 2, 3, 6, 12, 18, 24, 36, 48),
    "小时": (6, 8, 12, 24, 36, 48, 72),
    "年": (1, 2, 3, 5, 10),
    "届": (1, 2, 3),
    "倍": (2, 3, 5, 10),
    "人": (3, 5, 7, 9, 11),
    "名": (3, 5, 7, 9, 11),
}


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written in a text; `start` indexes the number's first character in that text."""

    value: int
    unit: str
    written: str  # the whole phrase as written: 十五日, 6个月
    start: int
    chinese: bool  # written in Chinese numerals (十五日) rather than digits (15日)

    @property
    def end(self) -> int:
        """Offset just after the unit."""
        return self.start + len(self.written)


def read_number(text: str) -> int | None:
    """The value of an Arabic or Chinese numeral (两 -> 2, 十五 -> 15, 一百二十 -> 120), None if it is none."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS + "两十百千" for c in text):
        return None
    simple = text.replace("两", "二")
    if "百" not in simple and "千" not in simple:
        if "十" not in simple:
            return _CN_DIGITS.index(simple) if len(simple) == 1 else None
        tens, _, ones = simple.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        return (_CN_DIGITS.index(tens) if tens else 1) * 10 + (_CN_DIGITS.index(ones) if ones else 0)
    import cn2an  # only for the rare 一百二十: its import costs a fifth of a second

    try:
        return int(cn2an.cn2an(simple, "strict"))
    except (ValueError, KeyError):
        return None


def write_chinese(value: int) -> str:
    """1..999 in Chinese numerals (6 -> 六, 15 -> 十五, 120 -> 一百二十)."""
    if value < 10:
        return _CN_DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else _CN_DIGITS[tens]) + "十" + (_CN_DIGITS[ones] if ones else "")
    hundreds, rest = divmod(value, 100)
    tail = "" if rest == 0 else ("零" + _CN_DIGITS[rest] if rest < 10 else
                                 ("一" if rest < 20 else "") + write_chinese(rest))
    return _CN_DIGITS[hundreds] + "百" + tail


def find_quantities(text: str) -> Iterator[Quantity]:
    """Every number with a unit in `text` that reads as a quantity (not 第十五条, not a date such as 2022年)."""
    for match in _QUANTITY.finditer(text):
        numeral, unit = match.group(1), match.group(2)
        value = read_number(numeral)
        if value is None or value == 0:
            continue
        if unit == "年" and (value >= 1900 or text[match.end():match.end() + 1] in ("月", "度")):
            continue  # 2022年5月, 年度
        if unit in ("日", "天") and re.search(r"\d+月$|月$", text[max(0, match.start() - 3):match.start()]):
            continue  # 5月1日 is a date
        yield Quantity(value=value, unit=unit, written=match.group(0), start=match.start(),
                       chinese=not numeral.isdigit())


def write(value: int, unit: str, *, chinese: bool) -> str:
    """A quantity written in the same style as the text's (十五日 or 15日)."""
    if chinese and value == 2 and unit not in ("日", "天"):
        return "两" + unit  # 两年, 两个月, never 二年
    return (write_chinese(value) if chinese else str(value)) + unit


def near_values(quantity: Quantity, *, count: int = 3) -> list[int]:
    """Wrong values on the quantity's own scale, closest in rank first (30日 -> 15, 60, 10...)."""
    scale = SCALES.get(quantity.unit)
    value = quantity.value
    if scale and value in scale:
        rank = scale.index(value)
        others = sorted((v for v in scale if v != value), key=lambda v: (abs(scale.index(v) - rank), v))
        return others[:count]
    if scale:
        others = sorted((v for v in scale if v != value), key=lambda v: (abs(v - value), v))
        return others[:count]
    step = 10 if value >= 20 else (2 if value >= 6 else 1)
    pool = [value + step * k for k in (1, -1, 2, -2, 3) if value + step * k >= 1]
    return pool[:count]


def variants(value: int, unit: str) -> list[str]:
    """Accepted written forms of a quantity: 6个月, 六个月, 6, 六, and 半年 for six months."""
    forms = [f"{value}{unit}", f"{write_chinese(value)}{unit}"]
    if "工作日" not in unit:  # a bare 5 for 5个工作日 drops the one word that matters beside 15日
        forms += [str(value), write_chinese(value)]
    if unit in ("日", "天"):
        other = "天" if unit == "日" else "日"
        forms += [f"{value}{other}", f"{write_chinese(value)}{other}"]
    if unit == "个月" and value == 6:
        forms.append("半年")
    if unit == "个月" and value % 12 == 0:  # 24个月 is 两年, 48个月 四年
        years = value // 12
        forms += [f"{'两' if years == 2 else write_chinese(years)}年", f"{years}年"]
        if years == 2:
            forms.append("二年")
    if value == 2:  # 两个月, 两日, 两人: how 2 is said before a measure word
        forms += [f"两{unit}", "两"]
    for other in {"名": ("人",), "人": ("名",)}.get(unit, ()):  # 2名 is 两人, 二人, 2人
        forms += [f"{value}{other}", f"{write_chinese(value)}{other}"] + ([f"两{other}"] if value == 2 else [])
    return list(dict.fromkeys(forms))


def time_limits(text: str) -> list[Quantity]:
    """The time limits a text sets: 十五日内, 三十日以内, 不得超过三个月, 延长……三十日 (not 十年有期徒刑)."""
    limits = []
    for quantity in find_quantities(text):
        if quantity.unit not in TIME_UNITS:
            continue
        after = text[quantity.end:quantity.end + 2]
        before = text[max(0, quantity.start - 6):quantity.start]
        if after.startswith("至"):
            continue  # 延长一日至三日: a range, asked by its upper end
        if after.startswith(("内", "以内", "之内")) or re.search(r"(不得超过|不超过|延长)$", before):
            limits.append(quantity)
    return limits
