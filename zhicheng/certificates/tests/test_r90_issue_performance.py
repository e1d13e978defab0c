"""How long one certificate takes: two WeasyPrint renders, two PAdES signatures, storage, audit and SMS."""

import time

import pytest

from zhicheng.certificates import issuing, services
from zhicheng.certificates.models import BatchStatus, Certificate

from .factories import confirmed

pytestmark = pytest.mark.django_db
COUNT = 20


def test_r90_issuing_twenty_certificates_in_one_batch(bureau):
    plan = confirmed(bureau, count=COUNT)[0].plan
    batch = services.start_batch(plan, by=bureau)

    wall, cpu = time.perf_counter(), time.process_time()
    issuing.run_batch(batch.pk)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu

    print(f"\n{COUNT} certificates: {wall / COUNT:.2f} s wall, {cpu / COUNT:.2f} s CPU per certificate")
    batch.refresh_from_db()
    assert (batch.status, batch.done) == (BatchStatus.FINISHED, COUNT)
    assert len(set(Certificate.objects.values_list("number", flat=True))) == COUNT
