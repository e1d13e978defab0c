"""The demo year's catalog and people, shaped like the 2024 notice (京人社事业字〔2024〕96号).

Agencies and committees follow the notice's catalog; the units, people and phone numbers are invented.
"""

from dataclasses import dataclass
from decimal import Decimal

from zhicheng.accounts.models import Ownership
from zhicheng.catalog.models import Level, Tier

DEMO_PASSWORD = "Demo-2024!"
DEFAULT_SEED = 2024
DEFAULT_APPLICANTS = 220
DEFAULT_EXPERTS = 100

BUREAU = "北京市人力资源和社会保障局"

# District code (as seeded by catalog.seed) → the district bureau that runs its junior engineering committee.
DISTRICT_BUREAUS = {
    "110105": ("北京市朝阳区人力资源和社会保障局", "cy_bureau"),
    "110108": ("北京市海淀区人力资源和社会保障局", "hd_bureau"),
    "110106": ("北京市丰台区人力资源和社会保障局", "ft_bureau"),
}


@dataclass(frozen=True)
class AgencySeed:
    key: str
    name: str
    phone: str
    username: str


AGENCIES = (
    AgencySeed("eca", "北京市工程咨询协会", "010-66413597", "agency_eca"),
    AgencySeed("talent", "北京市人才服务中心", "010-63956521", "agency_talent"),
    AgencySeed("construction", "北京市建设工程专业评审服务中心", "010-55597316", "agency_build"),
    AgencySeed("economics", "北京市经济专业评审服务中心", "010-68034721", "agency_econ"),
    AgencySeed("accounting", "北京市会计专业评审服务中心", "010-88544180", "agency_acct"),
    AgencySeed("art", "北京市艺术专业评审服务中心", "010-85117643", "agency_art"),
    AgencySeed("agriculture", "北京市农业技术评审服务中心", "010-82078835", "agency_agri"),
    AgencySeed("press", "北京市新闻出版专业评审服务中心", "010-65265902", "agency_press"),
)


@dataclass(frozen=True)
class CommitteeSeed:
    name: str
    agency: str  # AgencySeed.key, or a district code for the district's junior engineering committee
    series: str  # Series.code of catalog.seed
    tier: Tier
    specialty: str | None = None  # Specialty.code for a specialty committee
    evaluates_lower_levels: bool = False
    district: str | None = None


COMMITTEES = (
    CommitteeSeed(
        "北京市工程技术系列工程咨询专业高级评审委员会", "eca", "engineering", Tier.SENIOR, "engineering_consulting"
    ),
    CommitteeSeed(
        "北京市工程技术系列工程咨询专业中级评审委员会",
        "eca",
        "engineering",
        Tier.INTERMEDIATE,
        "engineering_consulting",
    ),
    CommitteeSeed("北京市工程技术系列计算机技术专业高级评审委员会", "talent", "engineering", Tier.SENIOR, "computer"),
    CommitteeSeed(
        "北京市工程技术系列计算机技术专业中级评审委员会", "talent", "engineering", Tier.INTERMEDIATE, "computer"
    ),
    CommitteeSeed(
        "北京市工程技术系列电子信息专业中级评审委员会", "talent", "engineering", Tier.INTERMEDIATE, "electronics"
    ),
    CommitteeSeed(
        "北京市工程技术系列建筑工程专业高级评审委员会", "construction", "engineering", Tier.SENIOR, "construction"
    ),
    CommitteeSeed(
        "北京市工程技术系列建筑工程专业中级评审委员会", "construction", "engineering", Tier.INTERMEDIATE, "construction"
    ),
    CommitteeSeed("北京市经济系列高级评审委员会", "economics", "economics", Tier.SENIOR),
    CommitteeSeed("北京市会计系列高级评审委员会", "accounting", "accounting", Tier.SENIOR),
    CommitteeSeed("北京市艺术系列美术专业高级评审委员会", "art", "art", Tier.SENIOR, "fine_arts"),
    CommitteeSeed("北京市艺术系列中级评审委员会", "art", "art", Tier.INTERMEDIATE, evaluates_lower_levels=True),
    CommitteeSeed("北京市农业技术系列高级评审委员会", "agriculture", "agriculture", Tier.SENIOR),
    CommitteeSeed(
        "北京市农业技术系列中级评审委员会", "agriculture", "agriculture", Tier.INTERMEDIATE, evaluates_lower_levels=True
    ),
    CommitteeSeed(
        "北京市新闻系列中级评审委员会", "press", "journalism", Tier.INTERMEDIATE, evaluates_lower_levels=True
    ),
    CommitteeSeed("北京市朝阳区工程技术系列初级评审委员会", "110105", "engineering", Tier.JUNIOR, district="110105"),
    CommitteeSeed("北京市海淀区工程技术系列初级评审委员会", "110108", "engineering", Tier.JUNIOR, district="110108"),
    CommitteeSeed("北京市丰台区工程技术系列初级评审委员会", "110106", "engineering", Tier.JUNIOR, district="110106"),
)

# The series whose windows come later, like 2021's 高级经济师 window (003: 9月1日—23日).
LATER_WINDOW_SERIES = "economics"

# Approved fee standard by level; a committee may charge a little more for on-site defenses.
BASE_FEES: dict[str, Decimal] = {
    Level.SENIOR_FULL: Decimal("650"),
    Level.SENIOR_DEPUTY: Decimal("500"),
    Level.INTERMEDIATE: Decimal("350"),
    Level.ASSISTANT: Decimal("180"),
    Level.JUNIOR: Decimal("120"),
}


@dataclass(frozen=True)
class UnitSeed:
    name: str
    ownership: Ownership
    district: str  # District.code
    series: tuple[str, ...]  # Series codes its staff apply in
    needs_entrustment: bool = False


UNITS = (
    UnitSeed("北京京城建设工程集团有限公司", Ownership.STATE, "110106", ("engineering",)),
    UnitSeed("北京市市政工程设计研究院有限公司", Ownership.STATE, "110108", ("engineering", "accounting")),
    UnitSeed("北京京投轨道交通设计咨询有限公司", Ownership.STATE, "110106", ("engineering",)),
    UnitSeed("北京市朝阳区城市规划设计院", Ownership.STATE, "110105", ("engineering",)),
    UnitSeed("北京首农现代农业科技发展有限公司", Ownership.STATE, "110105", ("agriculture", "economics")),
    UnitSeed("北京市农林科学研究所", Ownership.STATE, "110108", ("agriculture",)),
    UnitSeed("北京京华歌舞剧院有限责任公司", Ownership.STATE, "110101", ("art",)),
    UnitSeed("北京城市晨报传媒有限公司", Ownership.STATE, "110102", ("journalism",)),
    UnitSeed("北京中关村智算科技有限公司", Ownership.PRIVATE, "110108", ("engineering",)),
    UnitSeed("北京星云数据技术有限公司", Ownership.PRIVATE, "110108", ("engineering", "accounting")),
    UnitSeed("北京远景建筑设计咨询有限公司", Ownership.PRIVATE, "110105", ("engineering",)),
    UnitSeed("北京望京云链信息技术有限公司", Ownership.PRIVATE, "110105", ("engineering", "economics")),
    UnitSeed("北京丰泰工程咨询有限公司", Ownership.PRIVATE, "110106", ("engineering",)),
    UnitSeed("北京华信致远会计师事务所（普通合伙）", Ownership.PRIVATE, "110102", ("accounting", "economics")),
    UnitSeed("北京亦庄智能装备有限公司", Ownership.PRIVATE, "ETDZ", ("engineering",)),
    UnitSeed("北京绿源田园农业发展有限公司", Ownership.PRIVATE, "110113", ("agriculture",)),
    UnitSeed("北京映画动漫文化传播有限公司", Ownership.PRIVATE, "110105", ("art",)),
    UnitSeed("中国电子信息产业研究院北京分院", Ownership.CENTRAL, "110108", ("engineering",), needs_entrustment=True),
    UnitSeed("中国交通建设规划设计研究总院有限公司", Ownership.CENTRAL, "110102", ("engineering", "accounting"), True),
    UnitSeed("中央广播电视传媒研究中心", Ownership.CENTRAL, "110105", ("journalism", "art"), needs_entrustment=True),
    UnitSeed("中国农业科学技术服务中心", Ownership.CENTRAL, "110108", ("agriculture",)),
    UnitSeed("北京朝阳社区公益服务中心", Ownership.SOCIAL, "110105", ("economics", "accounting")),
    UnitSeed("北京海淀创新发展研究院", Ownership.SOCIAL, "110108", ("engineering", "economics")),
    UnitSeed("北京丰台文化艺术交流中心", Ownership.SOCIAL, "110106", ("art",)),
)

# (name, username, the series whose freelancers it recommends)
ASSOCIATIONS = (
    ("北京美术家协会", "assoc_art", "art"),
    ("北京工艺美术行业协会", "assoc_crafts", "arts_crafts"),
)

# Named staff accounts printed at the end (the unit HR and expert accounts are numbered).
# Unit HR accounts printed: a state-owned, a private and a central-government unit (numbered in UNITS order).
UNIT_HR_SHOWN = ("hr01", "hr09", "hr18")
BUREAU_STAFF = ("bureau", "周文斌")
DISTRICT_STAFF_NAMES = {"cy_bureau": "孙丽华", "hd_bureau": "韩志刚", "ft_bureau": "曹雪梅"}

SCHOOLS = (
    "清华大学",
    "北京大学",
    "北京理工大学",
    "北京航空航天大学",
    "北京交通大学",
    "北京科技大学",
    "北京工业大学",
    "北京建筑大学",
    "北京邮电大学",
    "中国农业大学",
    "北京林业大学",
    "中央财经大学",
    "对外经济贸易大学",
    "首都经济贸易大学",
    "中央美术学院",
    "中国传媒大学",
    "天津大学",
    "河北工业大学",
    "山东大学",
    "武汉大学",
    "华中科技大学",
    "西安交通大学",
    "同济大学",
    "东南大学",
)

# Per series: (majors, positions, achievement titles to vary).
SERIES_PROFILES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "engineering": (
        ("土木工程", "计算机科学与技术", "软件工程", "电子信息工程", "工程管理", "通信工程", "建筑学"),
        ("项目经理", "高级工程师", "技术负责人", "软件架构师", "结构设计师", "咨询工程师", "测试主管"),
        (
            "城市轨道交通车站结构设计优化",
            "政务云平台容器化改造",
            "大跨度钢结构施工监测系统",
            "智慧园区物联网数据中台",
            "既有建筑节能改造可行性研究",
            "高速公路机电系统集成",
            "分布式存储系统性能调优",
        ),
    ),
    "economics": (
        ("经济学", "金融学", "工商管理", "人力资源管理", "财政学"),
        ("财务经理", "人力资源主管", "投资分析师", "运营总监"),
        ("企业数字化转型投资评估", "区域产业园区招商策略研究", "集团薪酬体系改革方案", "供应链金融风险控制"),
    ),
    "accounting": (
        ("会计学", "财务管理", "审计学"),
        ("财务总监", "会计主管", "审计经理"),
        ("集团合并报表自动化", "工程项目全过程成本核算", "内部控制评价体系建设"),
    ),
    "art": (
        ("美术学", "绘画", "舞蹈表演", "音乐表演", "动画", "戏剧影视导演"),
        ("舞蹈演员", "画家", "动画导演", "舞美设计", "演奏员"),
        ("大型原创舞剧《燕山月》", "水墨组画《京西古道》", "原创动画短片《胡同里的猫》", "民族管弦乐音乐会"),
    ),
    "agriculture": (
        ("农学", "园艺", "植物保护", "动物科学", "农业资源与环境"),
        ("农艺师", "技术推广员", "研究室主任"),
        ("设施蔬菜绿色防控技术示范", "京郊草莓品种选育", "规模化奶牛场精准饲喂", "节水灌溉技术推广"),
    ),
    "journalism": (
        ("新闻学", "广播电视学", "汉语言文学"),
        ("记者", "编辑", "主任编辑"),
        ("系列报道《城市副中心建设一线》", "融媒体专题《京郊振兴》", "深度调查《老旧小区加装电梯》"),
    ),
}

JOURNALS = ("建筑结构", "计算机工程与应用", "中国农业科学", "会计研究", "美术", "新闻与写作", "经济管理")
AWARD_ISSUERS = ("北京市人民政府", "中国施工企业管理协会", "北京市科学技术协会", "北京市文学艺术界联合会")

EXPERT_TITLES = ("教授级高级工程师", "研究员", "正高级会计师", "正高级经济师", "一级美术师", "高级农艺师", "高级记者")
