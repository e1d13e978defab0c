import pytest

from zhicheng.applications.models import Application, Status
from zhicheng.ballots import services
from zhicheng.evaluations.models import Seat

from .factories import bulk_entries, bulk_sheets, presider, voting


@pytest.mark.django_db
def test_closing_a_ballot_of_1000_applicants_decides_them_all_in_a_few_seconds(best_time):
    """The close opens 25 sealed sheets, counts, decides and moves every application in one request."""
    session = voting(experts=25, applications=1)
    bulk_sheets(session, bulk_entries(session, 999), voters=25, approvals=17)
    Seat.objects.filter(session=session).update(has_voted=True)
    by = presider(session)

    elapsed, results = best_time(lambda: services.close_voting(session, by=by, confirmed=True))

    print(f"\nclose of a ballot of 1000 applicants × 25 experts: {elapsed:.2f} s")
    assert len(results) == 1000
    assert Application.objects.filter(evaluation__session=session, status=Status.PASSED).count() == 1000
    assert elapsed < 5.0
