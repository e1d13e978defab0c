"""The decision record behind a certificate: the submitted version, the tally and the signed minutes (R-90).

Its SM3 digest is printed on the certificate; verification recomputes it to show the record still matches.
"""

from typing import Any

from zhicheng.applications.models import Application
from zhicheng.evaluations.draw import digest


def decision_record(application: Application) -> dict[str, Any]:
    """What the title was decided on, as plain data."""
    version = application.versions.order_by("-number").first()
    entry = application.evaluation
    result = entry.result
    minutes = entry.session.minutes
    return {
        "application": application.number,
        "version": {"number": version.number, "digest": version.digest} if version else None,
        "tally": {
            "attending": result.attending,
            "recused": result.recused,
            "approvals": result.approvals,
            "disapprovals": result.disapprovals,
            "abstentions": result.abstentions,
            "rule": [result.rule_numerator, result.rule_denominator],
            "passed": result.passed,
        },
        "minutes": minutes.content_digest,
    }


def decision_record_digest(application: Application) -> str:
    """SM3 of the canonical JSON of the decision record."""
    return digest(decision_record(application))
