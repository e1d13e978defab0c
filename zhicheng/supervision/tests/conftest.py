from zhicheng.evaluations.tests.conftest import (  # noqa: F401 - fixtures
    agency,
    applications,
    bureau,
    committee,
    plan,
    pool,
    requested,
    session,
)
