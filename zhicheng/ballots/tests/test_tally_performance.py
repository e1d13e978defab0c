import pytest

from zhicheng.ballots import services

from .factories import bulk_ballots, bulk_entries, voting


@pytest.mark.django_db
def test_tallying_1000_applicants_with_25_ballots_each_takes_under_a_second(best_time):
    session = voting(experts=25, applications=1)
    rows = bulk_entries(session, 999)
    bulk_ballots(rows, voters=25, approvals=17)

    elapsed, outcomes = best_time(lambda: services.tally_session(session))

    print(f"\ntally of 1000 applicants × 25 ballots: {elapsed * 1000:.0f} ms")
    assert len(outcomes) == 1000
    assert all(o.passed and o.count.approvals == 17 and o.attending == 25 for o in outcomes)
    assert elapsed < 1.0
