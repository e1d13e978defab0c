"""Predicates about experts: whether one has signed the current confidentiality agreement (R-74)."""

from zhicheng.experts.models import Expert

# The text lives in templates/experts/agreement_text.html; a new text gets a new version and must be signed again.
AGREEMENT_VERSION = "2024.1"


def has_signed(expert: Expert) -> bool:
    """True when the expert signed the current version of the confidentiality agreement (R-74)."""
    return expert.confidentiality_signed_at is not None and expert.confidentiality_version == AGREEMENT_VERSION
