from zhicheng.agency_review.tests.fixtures import (  # noqa: F401 - fixtures
    calendar,
    committee,
    in_review,
    other_reviewer,
    plan,
    reviewer,
    second_in_review,
)
from zhicheng.integrity.tests.fixtures import officer  # noqa: F401 - fixtures
