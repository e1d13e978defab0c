"""Which documents exist and how each is named and rendered."""

from collections.abc import Callable
from dataclasses import dataclass

from zhicheng.applications.models import Application
from zhicheng.documents import pdf


@dataclass(frozen=True)
class Document:
    slug: str
    title: str
    render: Callable[[Application], bytes]

    def filename(self, application: Application) -> str:
        return f"{self.title}-{application.applicant.real_name or application.number}.pdf"


DOCUMENTS = {
    d.slug: d
    for d in [
        Document("info_form", "职称申报信息表", pdf.render_info_form),
        Document("pledge", "诚信承诺书", pdf.render_pledge),
        Document("posting", "公示模板", pdf.render_posting),
    ]
}
