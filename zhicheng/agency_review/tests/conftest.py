from zhicheng.agency_review.tests.fixtures import (  # noqa: F401 - fixtures
    calendar,
    committee,
    fee,
    in_review,
    other_reviewer,
    plan,
    reviewer,
    second_in_review,
)
