"""The default evaluation standard (评价标准) of a series: what the data migration gives every series.

Each row: name, kind, full marks (0 for a qualitative item), guidance, sort order. The quantitative
items add up to 100; the bureau adapts them per series in the admin.
"""

from zhicheng.catalog.models import Series
from zhicheng.panels.models import ScoringItem

DEFAULT_STANDARD: tuple[tuple[str, str, int, str, int], ...] = (
    ("职业道德", "qualitative", 0, "遵纪守法，恪守职业道德和学术诚信，无弄虚作假行为", 10),
    ("专业理论水平", "quantitative", 20, "掌握本专业基础理论和专业知识的系统性、深度与前沿性", 20),
    ("专业技术能力", "quantitative", 30, "解决本专业复杂技术问题的能力，技术创新和指导他人的能力", 30),
    ("业绩成果", "quantitative", 40, "主持或参与的项目、论文、专利、标准、获奖等业绩成果的水平与本人贡献", 40),
    ("答辩（述职）表现", "quantitative", 10, "陈述清晰、回答准确；初级申报人不答辩，按个人述职材料评价", 50),
)


def add_default_standard(series: Series) -> int:
    """Give a series without an evaluation standard the default one; returns the number of items created."""
    if ScoringItem.objects.filter(series=series).exists():
        return 0
    created = ScoringItem.objects.bulk_create(
        ScoringItem(series=series, name=name, kind=kind, max_points=points, guidance=guidance, sort_order=order)
        for name, kind, points, guidance, order in DEFAULT_STANDARD
    )
    return len(created)
