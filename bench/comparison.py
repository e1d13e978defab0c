"""The data comparison (R-104), measured: batch, incremental check, recall and false flags on planted duplicates.

Seeds an empty database with APPLICATIONS applications × 10 achievements (a tenth of them in last year's plan),
each achievement with its own identifier and a title made of a field, a specific subject and an ending, then
plants duplicate pairs between different people:
- identifiers: the same patent, DOI, project or award number, typed differently (full width, prefix, spaces);
- re-typed titles: the same title in full width and other punctuation with one character mistyped;
- re-scanned images: the same certificate page rotated, exposed, blurred and resized, saved as another JPEG;
and as many unrelated images. Fingerprints are written as submission would write them (the same functions).
Then it times the batch over the year and single-application checks, and counts what was found.

Usage: DATABASE_URL=postgres://… python -m bench.comparison [applications]   (scripts/bench-comparison.sh makes a
throw-away cluster). Prints a table; nothing here runs in `make test`.
"""

import datetime
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhicheng.accounts.models import Role, User  # noqa: E402
from zhicheng.applications.models import Achievement, Application, Status  # noqa: E402
from zhicheng.catalog.models import Plan  # noqa: E402
from zhicheng.catalog.tests.factories import CommitteeFactory  # noqa: E402
from zhicheng.comparison import batch, fingerprints, services  # noqa: E402
from zhicheng.comparison.models import Finding, FindingKind, Fingerprint, Key  # noqa: E402
from zhicheng.comparison.tests.images import certificate_scan, jpeg, rescan  # noqa: E402
from zhicheng.materials.models import Attachment, AttachmentKind  # noqa: E402

PER_APPLICATION = 10
PLANTED_IDENTIFIERS = 800
PLANTED_TITLES = 800
PLANTED_IMAGES = 400
UNRELATED_IMAGES = 400
INCREMENTAL_RUNS = 20

FIELDS = (
    "城市轨道交通",
    "装配式建筑",
    "政务服务平台",
    "水环境治理",
    "智慧医疗",
    "桥梁健康监测",
    "电力电缆",
    "土壤修复",
    "隧道施工",
    "大型活动安保",
    "给排水工程",
    "文物数字化",
    "新能源汽车",
    "集成电路",
    "农业遥感",
    "食品安全检测",
)
ENDINGS = ("研究", "设计与实现", "试验研究", "关键技术", "应用", "分析与评价", "方法", "装置", "系统研制", "优化")
COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研"
)


def make_title(rng: random.Random) -> str:
    """A field, a specific subject of 8–14 characters and an ending: unrelated titles share only the frame."""
    subject = "".join(rng.choice(COMMON) for _ in range(rng.randint(8, 14)))
    return f"{rng.choice(FIELDS)}{subject}{rng.choice(ENDINGS)}"


def issn_with_check(body: str) -> str:
    total = sum(int(d) * w for d, w in zip(body, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return f"ISSN {body[:4]}-{body[4:]}{'X' if check == 10 else check}"


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "!" <= ch <= "~" else "\u3000" if ch == " " else ch for ch in text)


def retype(title: str, rng: random.Random) -> str:
    """The title typed again: full-width letters and digits, other punctuation, a space, one character wrong."""
    chars = list(title)
    position = rng.randrange(len(chars))
    chars[position] = rng.choice(COMMON.replace(chars[position], ""))
    typed = "".join(chars)
    cut = rng.randrange(1, len(typed))
    return full_width(typed[:cut] + " " + typed[cut:] + "。")


class Seeder:
    def __init__(self, applications: int, seed: int = 104) -> None:
        self.rng = random.Random(seed)
        self.applications = applications
        self.issns = [issn_with_check(f"{self.rng.randrange(10**7):07d}") for _ in range(300)]
        self.planted: list[tuple[int, int, str]] = []  # (application a, application b, kind)

    def run(self) -> tuple[Plan, list[int]]:
        today = timezone.localdate()
        committee = CommitteeFactory()
        plan = Plan.objects.create(year=today.year, title=f"{today.year}年度职称评价", notice_number="基准")
        past = Plan.objects.create(year=today.year - 1, title=f"{today.year - 1}年度职称评价", notice_number="基准")
        password = "!"  # unusable: these people never log in
        users = User.objects.bulk_create(
            (User(username=f"bench{i}", password=password, role=Role.APPLICANT) for i in range(self.applications)),
            batch_size=5000,
        )
        applications = Application.objects.bulk_create(
            (
                Application(
                    applicant=user,
                    plan=past if i % 10 == 0 else plan,
                    committee=committee,
                    level="intermediate",
                    status=Status.SUBMITTED,
                )
                for i, user in enumerate(users)
            ),
            batch_size=5000,
        )
        ids = [a.pk for a in applications]
        applicant_of = {a.pk: a.applicant_id for a in applications}
        rows = self._achievements(ids)
        self._plant_identifiers(rows)
        self._plant_titles(rows)
        self._copy_achievements(rows)
        self._copy_fingerprints(applicant_of)
        self._images(ids, applicant_of)
        return plan, ids

    def _achievements(self, ids: list[int]) -> list[dict]:
        rows = []
        serial = 0
        kinds = ["paper"] * 4 + ["patent"] * 2 + ["project"] * 2 + ["award"] * 2
        for application_id in ids:
            for kind in kinds:
                serial += 1
                title = make_title(self.rng)
                row = {
                    "application_id": application_id,
                    "kind": kind,
                    "title": title,
                    "journal_number": self.rng.choice(self.issns) if kind == "paper" else "",
                    "doi": f"10.{1000 + serial % 9000}/bench.{serial}" if kind == "paper" else "",
                    "patent_number": f"ZL{2015 + serial % 10}{self.rng.choice('128')}{serial % 10**7:07d}.{serial % 10}"
                    if kind == "patent"
                    else "",
                    "project_number": f"Z{serial:012d}" if kind == "project" else "",
                    "award_number": f"KJ{serial:010d}" if kind == "award" else "",
                }
                rows.append(row)
        return rows

    def _pairs(self, rows: list[dict], count: int, kind_filter: str | None) -> list[tuple[dict, dict]]:
        chosen = []
        used: set[int] = {a for a, _, _ in self.planted} | {b for _, b, _ in self.planted}
        while len(chosen) < count:
            a, b = self.rng.sample(range(len(rows)), 2)
            ra, rb = rows[a], rows[b]
            if ra["application_id"] == rb["application_id"] or {ra["application_id"], rb["application_id"]} & used:
                continue
            if kind_filter and not (ra["kind"] == rb["kind"] == kind_filter):
                continue
            used |= {ra["application_id"], rb["application_id"]}
            chosen.append((ra, rb))
        return chosen

    def _plant_identifiers(self, rows: list[dict]) -> None:
        variants = {
            "patent": ("patent_number", lambda v: full_width(v.lower())),
            "paper": ("doi", lambda v: "https://doi.org/" + v.upper()),
            "project": ("project_number", lambda v: v[:5] + " " + v[5:]),
            "award": ("award_number", lambda v: v[:2] + "-" + v[2:]),
        }
        for kind in variants:
            field, variant = variants[kind]
            for a, b in self._pairs(rows, PLANTED_IDENTIFIERS // 4, kind):
                b[field] = variant(a[field])
                self.planted.append((a["application_id"], b["application_id"], "identifier"))

    def _plant_titles(self, rows: list[dict]) -> None:
        for a, b in self._pairs(rows, PLANTED_TITLES, None):
            b["title"] = retype(a["title"], self.rng)
            self.planted.append((a["application_id"], b["application_id"], "title"))

    def _copy_achievements(self, rows: list[dict]) -> None:
        columns = [
            "application_id",
            "kind",
            "title",
            "achieved_on",
            "rank",
            "journal",
            "journal_number",
            "doi",
            "patent_number",
            "patent_type",
            "project_level",
            "project_role",
            "project_number",
            "award_issuer",
            "award_grade",
            "award_number",
            "is_classified",
            "is_declassified",
        ]
        day = datetime.date(2022, 5, 1)
        with connection.cursor() as cursor:
            sql = f"COPY applications_achievement ({', '.join(columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for r in rows:
                    copy.write_row(
                        (
                            r["application_id"],
                            r["kind"],
                            r["title"][:200],
                            day,
                            1,
                            "",
                            r["journal_number"],
                            r["doi"],
                            r["patent_number"],
                            "",
                            "",
                            "",
                            r["project_number"],
                            "",
                            "",
                            r["award_number"],
                            False,
                            False,
                        )
                    )

    def _copy_fingerprints(self, applicant_of: dict[int, int]) -> None:
        """The keys submission would have stored, computed by the same functions, written with COPY."""
        fields = ("id", "application_id", "kind", *fingerprints.ACHIEVEMENT_FIELDS)
        rows = list(Achievement.objects.order_by("id").values_list(*fields))
        claims = fingerprints.achievement_claims(
            [(r[2], dict(zip(fingerprints.ACHIEVEMENT_FIELDS, r[3:], strict=True))) for r in rows]
        )
        with connection.cursor() as cursor:
            columns = "value, kind, application_id, applicant_id, achievement_id, detail"
            sql = f"COPY comparison_fingerprint ({columns}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row, row_claims in zip(rows, claims, strict=True):
                    for claim in row_claims:
                        copy.write_row((claim.value, str(claim.kind), row[1], applicant_of[row[1]], row[0], ""))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE comparison_fingerprint")

    def _images(self, ids: list[int], applicant_of: dict[int, int]) -> None:
        """Planted re-scans and unrelated pages as stored attachments, fingerprinted as at submission."""
        used = {a for a, _, _ in self.planted} | {b for _, b, _ in self.planted}
        free = [i for i in ids if i not in used]
        self.rng.shuffle(free)
        owner = User.objects.get(pk=applicant_of[ids[0]])
        pages: list[tuple[int, bytes]] = []
        for n in range(PLANTED_IMAGES):
            a, b = free.pop(), free.pop()
            page = certificate_scan(10_000 + n)
            pages += [(a, jpeg(page)), (b, jpeg(rescan(page, n), quality=70))]
            self.planted.append((a, b, "image"))
        pages += [(free.pop(), jpeg(certificate_scan(50_000 + n))) for n in range(UNRELATED_IMAGES)]
        attachments = Attachment.objects.bulk_create(
            [self._attachment(application_id, content, owner) for application_id, content in pages], batch_size=1000
        )
        Fingerprint.objects.bulk_create(
            (
                Fingerprint(
                    value=claim.value,
                    kind=claim.kind,
                    application_id=attachment.application_id,
                    applicant_id=applicant_of[attachment.application_id],
                    attachment=attachment,
                    detail=claim.detail,
                )
                for attachment, (_, content) in zip(attachments, pages, strict=True)
                for claim in fingerprints.file_claims(attachment.sha256, fingerprints.perceptual_hash(content))
            ),
            batch_size=5000,
        )

    def _attachment(self, application_id: int, content: bytes, owner: User) -> Attachment:
        name = default_storage.save(f"bench/{application_id}.jpg", ContentFile(content))
        attachment = Attachment(
            application_id=application_id,
            kind=AttachmentKind.ACHIEVEMENT,
            original_name="扫描件.jpg",
            content_type="image/jpeg",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=owner,
        )
        attachment.file.name = name
        return attachment


def evaluate(planted: list[tuple[int, int, str]], ids: list[int], plan: Plan) -> dict[str, float]:
    """Recall per kind of planted pair (those with a side in the year), and flags on applications with none."""
    this_year = set(Application.objects.filter(plan=plan).values_list("pk", flat=True))
    planted = [p for p in planted if p[0] in this_year or p[1] in this_year]
    pairs = {
        frozenset((a, b))
        for a, b in Finding.objects.exclude(other=None)
        .exclude(kind=FindingKind.REGISTRY)
        .values_list("application_id", "other_id")
    }
    involved = {a for a, _, _ in planted} | {b for _, b, _ in planted}
    result: dict[str, float] = {}
    for kind in ("identifier", "title", "image"):
        mine = [frozenset((a, b)) for a, b, k in planted if k == kind]
        result[f"recall {kind}"] = sum(p in pairs for p in mine) / len(mine)
    result["recall all"] = sum(frozenset((a, b)) in pairs for a, b, _ in planted) / len(planted)
    planted_pairs = {frozenset((a, b)) for a, b, _ in planted}
    false_pairs = pairs - planted_pairs
    flagged_clean = {x for p in false_pairs for x in p} - involved
    result["false pairs"] = len(false_pairs)
    result["false-flag rate (clean applications flagged)"] = len(flagged_clean) / (len(ids) - len(involved))
    return result


def main() -> None:
    applications = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    media = tempfile.mkdtemp(prefix="bench-comparison-")
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    settings.MEDIA_ROOT = media
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    seeder = Seeder(applications)
    plan, ids = seeder.run()
    print(
        f"seeded {applications} applications × {PER_APPLICATION} achievements in {time.perf_counter() - started:.0f} s"
    )

    started = time.perf_counter()
    result = batch.check_year(plan)
    elapsed = time.perf_counter() - started
    print(
        f"batch: {elapsed:.1f} s — {result.achievements} achievements, {result.keys} keys, "
        f"{result.candidate_pairs} candidate pairs, {result.findings} findings"
    )
    previous = 0.0
    for step, at in result.timings.items():
        print(f"  {step:8} {at - previous:6.1f} s")
        previous = at

    sample = random.Random(7).sample([b for _, b, _ in seeder.planted], INCREMENTAL_RUNS)
    timings, queries = [], []
    for application_id in sample:
        application = Application.objects.get(pk=application_id)
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            services.check_application(application)
            timings.append(time.perf_counter() - t0)
        queries.append(len(captured))
    print(
        f"incremental check: median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms, "
        f"{max(queries)} queries (of {INCREMENTAL_RUNS} applications)"
    )
    for name, value in evaluate(seeder.planted, ids, plan).items():
        print(f"{name}: {value:.4f}" if value < 1 or "rate" in name else f"{name}: {value:.0f}")
    print(f"planted pairs: {len(seeder.planted)}; keys kinds: {[k.value for k in Key]}")
    shutil.rmtree(media, ignore_errors=True)


if __name__ == "__main__":
    main()
