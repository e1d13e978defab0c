"""The reference data the platform starts with; the city bureau edits it afterwards (admin or Excel import).

Series follow 京人社事业字〔2024〕96号 三(一) (plus 技工院校教师, named by 一 for high-skilled workers);
the qualification table follows the national and Beijing correspondence list (001 附件4).
"""

from dataclasses import dataclass

from django.db import transaction

from zhicheng.catalog.models import District, Level, QualificationMapping, Series, Specialty
from zhicheng.panels.standards import add_default_standard

DISTRICTS: tuple[tuple[str, str], ...] = (
    ("110101", "东城区"),
    ("110102", "西城区"),
    ("110105", "朝阳区"),
    ("110106", "丰台区"),
    ("110107", "石景山区"),
    ("110108", "海淀区"),
    ("110109", "门头沟区"),
    ("110111", "房山区"),
    ("110112", "通州区"),
    ("110113", "顺义区"),
    ("110114", "昌平区"),
    ("110115", "大兴区"),
    ("110116", "怀柔区"),
    ("110117", "平谷区"),
    ("110118", "密云区"),
    ("110119", "延庆区"),
    ("ETDZ", "北京经济技术开发区"),
)


@dataclass(frozen=True)
class SeriesSeed:
    code: str
    name: str
    specialties: tuple[tuple[str, str], ...]
    is_engineering: bool = False
    allows_high_skilled: bool = False
    allows_freelancer: bool = False
    freelancer_needs_association: bool = False
    exam_required_for_deputy_senior: bool = False


# 高端领军人才“直通车”: 正高级工程师 and 研究员 of the two research series (2021 announcement 一.2, 二.5).
FAST_TRACK_SERIES = frozenset({"engineering", "natural_science", "social_science"})

SERIES: tuple[SeriesSeed, ...] = (
    SeriesSeed(
        "natural_science",
        "自然科学研究",
        (
            ("basic_research", "基础研究"),
            ("applied_research", "应用研究"),
            ("tech_development", "技术开发与成果转化"),
            ("sci_tech_service", "科技咨询与服务"),
        ),
    ),
    SeriesSeed(
        "social_science",
        "哲学社会科学研究",
        (
            ("philosophy", "哲学"),
            ("economics_research", "经济学"),
            ("law_research", "法学"),
            ("sociology", "社会学"),
            ("history", "历史学"),
            ("literature", "文学"),
            ("management_research", "管理学"),
        ),
    ),
    SeriesSeed(
        "engineering",
        "工程技术",
        (
            ("computer", "计算机技术"),
            ("electronics", "电子信息"),
            ("integrated_circuits", "集成电路"),
            ("artificial_intelligence", "人工智能"),
            ("telecom", "通信技术"),
            ("construction", "建筑工程"),
            ("engineering_consulting", "工程咨询"),
            ("urban_planning", "城乡规划"),
            ("surveying", "测绘"),
            ("transport", "交通运输"),
            ("environment", "环境工程"),
            ("mechanical", "机械工程"),
            ("electrical", "电气工程"),
            ("chemical", "化工"),
            ("safety", "安全工程"),
            ("water", "水利工程"),
            ("energy", "能源动力"),
            ("biomedicine", "生物医药"),
        ),
        is_engineering=True,
        allows_high_skilled=True,
    ),
    SeriesSeed(
        "agriculture",
        "农业技术",
        (
            ("agronomy", "农学"),
            ("plant_protection", "植物保护"),
            ("horticulture", "园艺"),
            ("soil_fertilizer", "土壤肥料"),
            ("animal_husbandry", "畜牧"),
            ("veterinary", "兽医"),
            ("fisheries", "水产"),
            ("agri_machinery", "农业机械化"),
        ),
        allows_high_skilled=True,
    ),
    SeriesSeed(
        "lab_technology",
        "实验技术",
        (
            ("physics_lab", "物理实验"),
            ("chemistry_lab", "化学实验"),
            ("biology_lab", "生物实验"),
            ("engineering_lab", "工程实验"),
        ),
        allows_high_skilled=True,
    ),
    SeriesSeed(
        "economics",
        "经济",
        (
            ("business_admin", "工商管理"),
            ("finance", "金融"),
            ("fiscal_tax", "财政税收"),
            ("insurance", "保险"),
            ("human_resources", "人力资源管理"),
            ("intellectual_property", "知识产权"),
            ("agri_economics", "农业经济"),
            ("transport_economics", "运输经济"),
            ("tourism_economics", "旅游经济"),
            ("real_estate", "建筑与房地产经济"),
        ),
        exam_required_for_deputy_senior=True,
    ),
    SeriesSeed("statistics", "统计", (("statistics", "统计"),), exam_required_for_deputy_senior=True),
    SeriesSeed("accounting", "会计", (("accounting", "会计"),), exam_required_for_deputy_senior=True),
    SeriesSeed("audit", "审计", (("audit", "审计"),), exam_required_for_deputy_senior=True),
    SeriesSeed(
        "sports",
        "体育",
        (("coach", "体育教练员"), ("athletic_training", "运动防护")),
        allows_high_skilled=True,
    ),
    SeriesSeed(
        "arts_crafts",
        "工艺美术",
        (("crafts_design", "工艺美术设计"), ("traditional_crafts", "传统工艺美术制作")),
        allows_high_skilled=True,
        allows_freelancer=True,
        freelancer_needs_association=True,
    ),
    SeriesSeed(
        "translation",
        "翻译",
        (
            ("english", "英语"),
            ("japanese", "日语"),
            ("russian", "俄语"),
            ("french", "法语"),
            ("german", "德语"),
            ("spanish", "西班牙语"),
            ("arabic", "阿拉伯语"),
        ),
        exam_required_for_deputy_senior=True,
    ),
    SeriesSeed(
        "art",
        "艺术",
        (
            ("performer", "演员"),
            ("musician", "演奏员"),
            ("playwright", "编剧"),
            ("director", "导演"),
            ("fine_arts", "美术"),
            ("stage_technology", "舞台技术"),
            ("literary_creation", "文学创作"),
            ("animation_games", "动漫游戏"),
        ),
        allows_high_skilled=True,
        allows_freelancer=True,
        freelancer_needs_association=True,
    ),
    SeriesSeed("broadcasting", "播音主持", (("announcer", "播音"), ("host", "节目主持"))),
    SeriesSeed("journalism", "新闻", (("reporter", "记者"), ("news_editor", "编辑"))),
    SeriesSeed(
        "publishing",
        "出版",
        (("book_editing", "图书编辑"), ("digital_publishing", "数字出版"), ("proofreading", "出版校对")),
    ),
    SeriesSeed(
        "cultural_relics",
        "文物博物",
        (("conservation", "文物保护"), ("museum_exhibition", "博物馆陈列展览"), ("archaeology", "考古")),
        allows_high_skilled=True,
    ),
    SeriesSeed(
        "library",
        "图书资料",
        (("librarianship", "图书馆学"), ("information_science", "情报与信息资料")),
    ),
    SeriesSeed("archives", "档案", (("archives", "档案管理"),)),
    SeriesSeed(
        "legal_services",
        "公共法律服务",
        (("notary", "公证"), ("forensic_appraisal", "司法鉴定"), ("legal_aid", "法律援助"), ("mediation", "人民调解")),
    ),
    SeriesSeed(
        "technical_school_teacher",
        "技工院校教师",
        (("theory_teacher", "文化技术理论课"), ("practice_instructor", "生产实习指导")),
        allows_high_skilled=True,
    ),
)

# (qualification, series code, level): each counts as that title and as the basis for the next level.
QUALIFICATIONS: tuple[tuple[str, str, str], ...] = (
    ("一级注册建筑师", "engineering", Level.INTERMEDIATE),
    ("二级注册建筑师", "engineering", Level.ASSISTANT),
    ("一级建造师", "engineering", Level.INTERMEDIATE),
    ("二级建造师", "engineering", Level.ASSISTANT),
    ("一级注册结构工程师", "engineering", Level.INTERMEDIATE),
    ("二级注册结构工程师", "engineering", Level.ASSISTANT),
    ("注册土木工程师（岩土）", "engineering", Level.INTERMEDIATE),
    ("注册电气工程师（供配电）", "engineering", Level.INTERMEDIATE),
    ("注册电气工程师（发输变电）", "engineering", Level.INTERMEDIATE),
    ("注册公用设备工程师（暖通空调）", "engineering", Level.INTERMEDIATE),
    ("注册公用设备工程师（给水排水）", "engineering", Level.INTERMEDIATE),
    ("注册化工工程师", "engineering", Level.INTERMEDIATE),
    ("注册环保工程师", "engineering", Level.INTERMEDIATE),
    ("注册咨询工程师（投资）", "engineering", Level.INTERMEDIATE),
    ("监理工程师", "engineering", Level.INTERMEDIATE),
    ("一级造价工程师", "engineering", Level.INTERMEDIATE),
    ("二级造价工程师", "engineering", Level.ASSISTANT),
    ("中级注册安全工程师", "engineering", Level.INTERMEDIATE),
    ("注册城乡规划师", "engineering", Level.INTERMEDIATE),
    ("注册测绘师", "engineering", Level.INTERMEDIATE),
    ("一级注册消防工程师", "engineering", Level.INTERMEDIATE),
    ("二级注册消防工程师", "engineering", Level.ASSISTANT),
    ("一级注册计量师", "engineering", Level.INTERMEDIATE),
    ("二级注册计量师", "engineering", Level.ASSISTANT),
    ("设备监理师", "engineering", Level.INTERMEDIATE),
    ("环境影响评价工程师", "engineering", Level.INTERMEDIATE),
    ("注册核安全工程师", "engineering", Level.INTERMEDIATE),
    ("机动车检测维修工程师", "engineering", Level.INTERMEDIATE),
    ("机动车检测维修士", "engineering", Level.ASSISTANT),
    ("计算机技术与软件专业技术资格（初级）", "engineering", Level.ASSISTANT),
    ("计算机技术与软件专业技术资格（中级）", "engineering", Level.INTERMEDIATE),
    ("计算机技术与软件专业技术资格（高级）", "engineering", Level.SENIOR_DEPUTY),
    ("通信专业技术人员职业水平（初级）", "engineering", Level.ASSISTANT),
    ("通信专业技术人员职业水平（中级）", "engineering", Level.INTERMEDIATE),
    ("注册会计师", "accounting", Level.INTERMEDIATE),
    ("资产评估师", "economics", Level.INTERMEDIATE),
    ("房地产估价师", "economics", Level.INTERMEDIATE),
    ("税务师", "economics", Level.INTERMEDIATE),
    ("拍卖师", "economics", Level.INTERMEDIATE),
    ("银行业专业人员职业资格（中级）", "economics", Level.INTERMEDIATE),
    ("翻译专业资格（水平）一级", "translation", Level.SENIOR_DEPUTY),
    ("翻译专业资格（水平）二级", "translation", Level.INTERMEDIATE),
    ("翻译专业资格（水平）三级", "translation", Level.ASSISTANT),
    ("出版专业技术人员职业资格（初级）", "publishing", Level.ASSISTANT),
    ("出版专业技术人员职业资格（中级）", "publishing", Level.INTERMEDIATE),
    ("法律职业资格", "legal_services", Level.INTERMEDIATE),
)


@transaction.atomic
def load_reference_data() -> None:
    """Create or refresh the districts, series, specialties and qualification table (safe to run again)."""
    for code, name in DISTRICTS:
        District.objects.update_or_create(code=code, defaults={"name": name})
    series_by_code = {}
    for order, seed in enumerate(SERIES, start=1):
        series, _ = Series.objects.update_or_create(
            code=seed.code,
            defaults={
                "name": seed.name,
                "sort_order": order * 10,
                "is_engineering": seed.is_engineering,
                "allows_high_skilled": seed.allows_high_skilled,
                "allows_freelancer": seed.allows_freelancer,
                "freelancer_needs_association": seed.freelancer_needs_association,
                "exam_required_for_deputy_senior": seed.exam_required_for_deputy_senior,
                "allows_fast_track": seed.code in FAST_TRACK_SERIES,
            },
        )
        series_by_code[seed.code] = series
        add_default_standard(series)  # R-66: the panels score by the series' standard, which the bureau adapts
        for code, name in seed.specialties:
            Specialty.objects.update_or_create(series=series, code=code, defaults={"name": name})
    for name, series_code, level in QUALIFICATIONS:
        QualificationMapping.objects.update_or_create(
            name=name, defaults={"series": series_by_code[series_code], "level": level}
        )
