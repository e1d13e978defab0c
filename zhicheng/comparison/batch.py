"""The batch comparison of a whole year (R-104): every application of the year against every application of
this and past years, in memory with numpy, so that 100,000 applications × 10 achievements take seconds.

1. Load the achievements of every submitted application (one query, rows as tuples).
2. Compute each one's keys: identifiers and the normalised title in Python, title bands with numpy.
3. Sort all keys; every run of equal keys held by two different people is a candidate group.
4. Keep the pairs with at least one side in the year; verify title bands on the real bigram sets.
5. Files and image chunks come from the fingerprints stored at submission (a GROUP BY in the database).
6. Write the findings on both sides (existing ones are kept as they are) and the registry checks of the year.
"""

import time
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Count

from zhicheng.applications.models import Achievement, Application, Status
from zhicheng.catalog.models import Plan
from zhicheng.comparison import fingerprints, services, sketches
from zhicheng.comparison.fingerprints import ACHIEVEMENT_FIELDS, MAX_GROUP
from zhicheng.comparison.models import Finding, Fingerprint, Key

KINDS = list(Key)


@dataclass
class BatchResult:
    achievements: int = 0
    keys: int = 0
    candidate_pairs: int = 0
    findings: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _rows(year: int) -> list[tuple]:
    columns = ("id", "application_id", "application__applicant_id", "application__plan__year", "kind")
    return list(
        Achievement.objects.exclude(application__status=Status.DRAFT)
        .filter(application__plan__year__lte=year)
        .order_by()
        .values_list(*columns, *ACHIEVEMENT_FIELDS)
    )


def _keys(rows: list[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Parallel arrays (key value, row index, key kind as index into KINDS) and the title signatures."""
    values: list[int] = []
    owners: list[int] = []
    kinds: list[int] = []
    kind_index = {k.value: i for i, k in enumerate(KINDS)}
    titles = []
    for i, row in enumerate(rows):
        fields = dict(zip(ACHIEVEMENT_FIELDS, row[5:], strict=True))
        for claim in fingerprints.identifier_claims(row[4], fields):
            if claim.kind == Key.TITLE:
                continue  # an exact title shares every band as well
            values.append(claim.value)
            owners.append(i)
            kinds.append(kind_index[claim.kind])
        titles.append(fingerprints.comparable_title(fields["title"]))
    bands, signatures = sketches.title_sketches(titles)
    has_title = np.fromiter((bool(t) for t in titles), dtype=bool, count=len(titles))
    band_owner = np.repeat(np.nonzero(has_title)[0], sketches.BANDS)
    band_values = bands[has_title].ravel()
    return (
        np.concatenate([np.asarray(values, dtype=np.int64), band_values]),
        np.concatenate([np.asarray(owners, dtype=np.int64), band_owner]),
        np.concatenate(
            [np.asarray(kinds, dtype=np.int8), np.full(len(band_values), kind_index[Key.TITLE_BAND], dtype=np.int8)]
        ),
        signatures,
    )


def _candidate_pairs(
    values: np.ndarray, owners: np.ndarray, kinds: np.ndarray, applicants: np.ndarray, in_year: np.ndarray
) -> np.ndarray:
    """(kind, row a, row b) for rows of different people sharing a key, a in the year, as an (m, 3) array.

    Groups of two (nearly all of them) are paired with numpy; larger groups one by one.
    """
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    boundaries = np.flatnonzero(np.diff(sorted_values)) + 1
    starts = np.concatenate(([0], boundaries))
    sizes = np.diff(np.concatenate((starts, [len(sorted_values)])))
    pair_starts = starts[sizes == 2]
    first, second = order[pair_starts], order[pair_starts + 1]
    chunks = [np.stack([kinds[first].astype(np.int64), owners[first], owners[second]], axis=1)]
    for start, size in zip(
        starts[(sizes > 2) & (sizes <= MAX_GROUP)], sizes[(sizes > 2) & (sizes <= MAX_GROUP)], strict=True
    ):
        members = order[start : start + size]
        x, y = np.triu_indices(size, k=1)
        chunks.append(np.stack([kinds[members[x]].astype(np.int64), owners[members[x]], owners[members[y]]], axis=1))
    pairs = np.concatenate(chunks)
    a, b = pairs[:, 1], pairs[:, 2]
    pairs = pairs[(applicants[a] != applicants[b]) & (in_year[a] | in_year[b])]
    # The side in the year comes first; between two of the year, the smaller row.
    swap = ~in_year[pairs[:, 1]] | (in_year[pairs[:, 2]] & (pairs[:, 2] < pairs[:, 1]))
    pairs[swap, 1], pairs[swap, 2] = pairs[swap, 2], pairs[swap, 1].copy()
    return pairs


def check_year(plan: Plan) -> BatchResult:
    """Compare the year's applications with every application of this and past years; write the findings."""
    result = BatchResult()
    started = time.perf_counter()
    rows = _rows(plan.year)
    result.achievements = len(rows)
    result.timings["load"] = time.perf_counter() - started
    values, owners, kinds, signatures = _keys(rows)
    result.keys = len(values)
    result.timings["keys"] = time.perf_counter() - started
    applicants = np.fromiter((r[2] for r in rows), dtype=np.int64, count=len(rows))
    in_year = np.fromiter((r[3] == plan.year for r in rows), dtype=bool, count=len(rows))
    candidates = _candidate_pairs(values, owners, kinds, applicants, in_year)
    band = KINDS.index(Key.TITLE_BAND)
    titles = candidates[candidates[:, 0] == band]
    # Two titles sharing several bands are one candidate: one sort of the pairs coded as single integers.
    coded = np.unique(titles[:, 1] * len(rows) + titles[:, 2])
    first, second = coded // len(rows), coded % len(rows)
    agreement = (signatures[first] == signatures[second]).mean(axis=1)
    keep = agreement >= sketches.ESTIMATE_FLOOR
    pairs = [(KINDS[k], int(a), int(b)) for k, a, b in candidates[candidates[:, 0] != band]]
    pairs += [(Key.TITLE_BAND, int(a), int(b)) for a, b in zip(first[keep], second[keep], strict=True)]
    result.candidate_pairs = len(pairs)
    result.timings["pairs"] = time.perf_counter() - started
    findings = _achievement_findings(rows, pairs) + _file_findings(plan)
    result.timings["verify"] = time.perf_counter() - started
    findings += _registry_findings(plan)
    before = Finding.objects.count()
    Finding.objects.bulk_create(findings, ignore_conflicts=True, batch_size=5000)
    result.findings = Finding.objects.count() - before
    result.timings["write"] = time.perf_counter() - started
    return result


def _achievement_findings(rows: list[tuple], pairs: list[tuple[str, int, int]]) -> list[Finding]:
    if not pairs:
        return []
    needed = {rows[i][0] for _, a, b in pairs for i in (a, b)}
    achievements = Achievement.objects.select_related("application__plan").in_bulk(needed)
    found: list[Finding] = []
    for kind, a, b in pairs:
        mine, other = achievements[rows[a][0]], achievements[rows[b][0]]
        me = services.Side(mine.application_id, mine.pk)
        theirs = services.Side(other.application_id, other.pk)
        found += services.achievement_findings(kind, me, theirs, mine, other, mine.application, other.application)
    return found


def _file_findings(plan: Plan) -> list[Finding]:
    """Same files and near-identical images, from the fingerprints written at each submission."""
    # Materialised first: as a subquery the planner may pick a nested loop over the group-by.
    shared = list(
        Fingerprint.objects.filter(attachment__isnull=False)
        .values("value")
        .annotate(people=Count("applicant_id", distinct=True))
        .filter(people__gt=1, people__lte=MAX_GROUP)
        .values_list("value", flat=True)
    )
    rows = list(
        Fingerprint.objects.filter(attachment__isnull=False, value__in=shared)
        .select_related("application__plan", "attachment")
        .order_by("value", "id")
    )
    groups: dict[int, list[Fingerprint]] = {}
    for row in rows:
        groups.setdefault(row.value, []).append(row)
    found: list[Finding] = []
    for members in groups.values():
        for x, mine in enumerate(members):
            for other in members[x + 1 :]:
                if mine.applicant_id == other.applicant_id or plan.year not in (
                    mine.application.plan.year,
                    other.application.plan.year,
                ):
                    continue
                found += services.file_findings(mine, other)
    return found


def _registry_findings(plan: Plan) -> list[Finding]:
    """The registry checks of the year, read as rows (a million model instances would cost minutes)."""
    submitted = Application.objects.filter(plan=plan).exclude(status=Status.DRAFT)
    found: list[Finding] = []
    rows = (
        Achievement.objects.filter(application__in=submitted)
        .order_by()
        .values_list("application_id", "id", "kind", "title", "journal_number", "patent_number")
    )
    for row in rows.iterator(chunk_size=10_000):
        found += services.achievement_registry_findings(*row)
    for application_id, credit_code in submitted.values_list("id", "unit__credit_code").iterator(chunk_size=10_000):
        found += services.unit_registry_findings(application_id, credit_code or "")
    return found
