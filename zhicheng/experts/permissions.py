"""Predicates about experts: whether one has signed the current confidentiality agreement (R-74)."""

from zhicheng.experts.models import AGREEMENT_VERSION, Expert

# The text lives in templates/experts/agreement_text.html; a new text gets a new version and must be signed again.
__all__ = ["AGREEMENT_VERSION", "has_signed"]


def has_signed(expert: Expert) -> bool:
    """True when the expert signed the current version of the confidentiality agreement (R-74)."""
    return expert.has_signed_confidentiality
