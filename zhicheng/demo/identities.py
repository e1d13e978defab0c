"""Invented but well-formed personal data: Chinese names, GB 11643 ID numbers, mobile numbers, credit codes.

Every generator takes the caller's random.Random, so that a seed gives the same demo year each time.
"""

import datetime
import random
from dataclasses import dataclass

from zhicheng.accounts.identity import check_digit

# Common surnames, most frequent first; the first ones are drawn more often, as in real life.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林峰建国志文博晨阳东亮振海瑞成康"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀玲燕红婷雪琳晶洁颖慧莉倩萍璐欣悦蕾佳琪瑶怡思梦妍蓉楠薇露晓雯丹月"
GIVEN_ANY = "子一嘉家欣雨佳思文晓天海春秋新立永"

# Region codes (GB/T 2260) of the place of household registration: Beijing first, then other provinces.
BEIJING_REGIONS = ("110101", "110102", "110105", "110106", "110107", "110108", "110111", "110112", "110114")
OTHER_REGIONS = (
    "120101",  # 天津市和平区
    "130102",  # 石家庄市长安区
    "140105",  # 太原市小店区
    "210102",  # 沈阳市和平区
    "230103",  # 哈尔滨市南岗区
    "320106",  # 南京市鼓楼区
    "340104",  # 合肥市蜀山区
    "370102",  # 济南市历下区
    "410105",  # 郑州市金水区
    "420106",  # 武汉市武昌区
    "430103",  # 长沙市天心区
    "510107",  # 成都市武侯区
    "610113",  # 西安市雁塔区
)
MOBILE_PREFIXES = (
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139",
    "150", "151", "152", "153", "155", "156", "158", "159",
    "180", "181", "185", "186", "187", "188", "189",
)  # fmt: skip

# GB 32100 (unified social credit code) and GB 11714 (organization code) alphabets and weights.
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


@dataclass(frozen=True)
class Person:
    name: str
    gender: str  # 男 or 女
    birth_date: datetime.date
    id_number: str
    phone: str


def person_name(rng: random.Random, gender: str) -> str:
    # Index by min() of two draws: earlier (more common) surnames come up more often.
    surname = SURNAMES[min(rng.randrange(len(SURNAMES)), rng.randrange(len(SURNAMES)))]
    pool = GIVEN_MALE if gender == "男" else GIVEN_FEMALE
    if rng.random() < 0.35:
        return surname + rng.choice(pool)
    first = rng.choice(GIVEN_ANY + pool) if rng.random() < 0.4 else rng.choice(pool)
    return surname + first + rng.choice(pool)


def id_number(rng: random.Random, birth_date: datetime.date, gender: str) -> str:
    """An 18-character mainland ID number with a valid check character (odd sequence digit for men)."""
    region = rng.choice(BEIJING_REGIONS) if rng.random() < 0.6 else rng.choice(OTHER_REGIONS)
    sequence = rng.randrange(0, 100) * 10 + rng.choice((1, 3, 5, 7, 9) if gender == "男" else (0, 2, 4, 6, 8))
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def mobile(rng: random.Random) -> str:
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def birth_date(rng: random.Random, today: datetime.date, min_age: int, max_age: int) -> datetime.date:
    latest = today.replace(year=today.year - min_age, month=1, day=1)
    return latest - datetime.timedelta(days=rng.randrange((max_age - min_age) * 365))


class PersonFactory:
    """Draws people with unique ID numbers and phones."""

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.id_numbers: set[str] = set()
        self.phones: set[str] = set()

    def person(self, *, min_age: int = 24, max_age: int = 58) -> Person:
        gender = self.rng.choice(("男", "女"))
        born = birth_date(self.rng, self.today, min_age, max_age)
        number = id_number(self.rng, born, gender)
        while number in self.id_numbers:
            number = id_number(self.rng, born, gender)
        phone = mobile(self.rng)
        while phone in self.phones:
            phone = mobile(self.rng)
        self.id_numbers.add(number)
        self.phones.add(phone)
        return Person(person_name(self.rng, gender), gender, born, number, phone)


def credit_code(rng: random.Random, *, registrar: str, org_type: str, region: str) -> str:
    """A unified social credit code (GB 32100): registrar, type, region, GB 11714 organization code, check."""
    body = f"{rng.randrange(10**8):08d}"
    org_check = 11 - sum(int(c) * w for c, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    org_code = body + {10: "X", 11: "0"}.get(org_check, str(org_check))
    first17 = f"{registrar}{org_type}{region}{org_code}"
    check = 31 - sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True)) % 31
    return first17 + CREDIT_ALPHABET[check % 31]
