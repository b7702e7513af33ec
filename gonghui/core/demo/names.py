"""Word lists for the demo county: fictional, but shaped like the real thing, and a maker of unique names."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

COUNTY = "青山县"
COUNTY_DIVISION = "339901"  # fictional GB/T 2260 code; no real county holds it

TOWNSHIPS = [
    "城关镇",
    "东城街道",
    "西河镇",
    "南岭镇",
    "北山乡",
    "柳树镇",
    "石桥镇",
    "临江镇",
    "白马乡",
    "太平镇",
    "红星镇",
    "新桥镇",
    "龙泉镇",
    "金沙镇",
    "青云乡",
    "长乐镇",
]
SECTORS = [
    "教育工会",
    "卫生健康系统工会",
    "机关工会工作委员会",
    "交通运输工会",
    "建设工会",
    "金融工会",
    "农林水工会",
    "商贸流通工会",
]
TOWNSHIP_ROOTS = "东西南北上下前后大小新老金银石木水山河湖桥林"
TOWNSHIP_TAILS = ["镇", "乡", "街道"]

BRANDS = [
    "宏达",
    "鑫源",
    "华泰",
    "永昌",
    "恒通",
    "金鼎",
    "瑞丰",
    "盛世",
    "天成",
    "博远",
    "康宁",
    "富民",
    "立信",
    "明辉",
    "嘉禾",
    "凯旋",
    "长城",
    "东方",
    "青峰",
    "绿源",
    "万家",
    "联创",
    "德润",
    "海川",
    "润泽",
    "信达",
    "合力",
    "鼎盛",
    "兴旺",
    "新宇",
    "福瑞",
    "华兴",
    "安泰",
    "泰和",
    "中联",
    "晨光",
]
TRADES = [
    ("机械制造", "有限公司"),
    ("纺织", "有限公司"),
    ("服装", "有限公司"),
    ("食品", "有限公司"),
    ("建材", "有限公司"),
    ("电子科技", "有限公司"),
    ("化工", "有限公司"),
    ("家具", "有限公司"),
    ("物流", "有限公司"),
    ("建筑工程", "有限公司"),
    ("农业开发", "有限公司"),
    ("商贸", "有限公司"),
    ("汽车配件", "有限公司"),
    ("新材料", "股份有限公司"),
    ("酒店管理", "有限公司"),
    ("医药", "有限公司"),
    ("包装", "有限公司"),
    ("印务", "有限公司"),
    ("农机", "专业合作社"),
    ("超市", "有限公司"),
]
INSTITUTIONS = {
    "教育工会": ["第一中学", "第二中学", "实验小学", "城关小学", "职业技术学校", "第三中学", "幼儿园"],
    "卫生健康系统工会": ["人民医院", "中医院", "妇幼保健院", "疾病预防控制中心", "卫生院"],
    "机关工会工作委员会": ["财政局", "人力资源和社会保障局", "民政局", "自然资源局", "住房和城乡建设局", "统计局"],
    "交通运输工会": ["公路管理段", "公共交通有限公司", "汽车运输有限公司"],
    "建设工会": ["城建投资有限公司", "市政工程有限公司", "自来水有限公司"],
    "金融工会": ["农村商业银行", "邮政储蓄银行支行", "农业银行支行", "人寿保险支公司"],
    "农林水工会": ["林场", "水利工程管理站", "农业技术推广中心"],
    "商贸流通工会": ["供销合作社", "粮食购销有限公司", "百货大楼有限公司"],
}
JOINT_AREAS = ["商贸街", "工业园", "物流园", "农贸市场", "电商产业园", "小微企业园", "建材市场", "美食街"]
JOINT_TRADES = ["快递物流行业", "餐饮行业", "网约车行业", "家政服务行业", "美容美发行业", "汽车维修行业"]

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国建华文玉兰志强海燕红梅"
    "春梅晓东小红卫东德明玉珍桂芳海波丽娟永刚金凤建平"
)

# Characters of the two-character brands (字号) firms register: a name that is taken gets another brand.
BRAND_CHARS = "宏达鑫源华泰永昌恒通金鼎瑞丰盛天成博远康宁富民立信明辉嘉禾凯德润海川兴旺宇福安和晨光联创万佳裕隆祥锦"
# Words a firm puts between its brand and its trade when brand and trade are taken.
QUALIFIERS = ["精工", "新型", "现代", "恒力", "优品", "实业", "科创"]
# County-level institutions beyond the first few (names.INSTITUTIONS), and those every township has.
MORE_INSTITUTIONS = {
    "教育工会": ["第四中学", "城南小学", "城北小学", "东城小学", "特殊教育学校", "教师发展中心"],
    "卫生健康系统工会": ["第二人民医院", "皮肤病防治院", "精神卫生中心", "急救中心", "血站"],
    "机关工会工作委员会": [
        "发展和改革局",
        "教育局",
        "司法局",
        "交通运输局",
        "农业农村局",
        "商务局",
        "文化广电旅游体育局",
        "卫生健康局",
        "应急管理局",
        "审计局",
        "市场监督管理局",
        "医疗保障局",
        "水利局",
        "退役军人事务局",
        "档案馆",
    ],
    "交通运输工会": ["港航管理所", "道路运输管理所", "客运中心有限公司"],
    "建设工会": ["燃气有限公司", "园林绿化管理所", "环境卫生管理所", "建筑设计院有限公司"],
    "金融工会": ["工商银行支行", "建设银行支行", "中国银行支行", "村镇银行", "财产保险支公司"],
    "农林水工会": ["气象局", "水文站", "畜牧兽医站", "种子管理站"],
    "商贸流通工会": ["烟草专卖局", "石油分公司", "新华书店有限公司", "医药有限公司"],
}
TOWNSHIP_INSTITUTIONS = {
    "教育工会": ["中心小学", "中学", "中心幼儿园"],
    "卫生健康系统工会": ["卫生院"],
    "机关工会工作委员会": ["财政所", "国土资源所"],
    "农林水工会": ["农业综合服务中心", "水利站"],
    "金融工会": ["信用社"],
}
JOINT_SECTIONS = ["", "东区", "西区", "南区", "北区", "一期", "二期", "三期"]


def person_name(rng: Any) -> str:
    """A full name: a surname and one or two characters of a given name."""
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")
    return str(rng.choice(SURNAMES)) + given[:2]


def mobile(rng: Any) -> str:
    """A mobile number of the shape China Mobile, Unicom and Telecom hand out (1[3589]…)."""
    return f"1{rng.choice('3589')}{rng.randint(0, 999_999_999):09d}"


def place_of(township_name: str) -> str:
    """The place word of a township (城关镇总工会 → 城关), as firms put it in their names."""
    return township_name.removesuffix("总工会")[:2]


class UniqueNames:
    """Plausible names, unique where they must be: a taken name is varied as real ones are.

    A taken firm name gets its township's place word (青山县城关宏达机械制造有限公司), then
    another brand, then a qualifier (宏达精工机械制造); a taken institution the township's
    name (青山县西河镇卫生院); a taken joint union another area or a district of it
    (工业园东区). Never a number in brackets. Draws from ``rng`` only when a name is taken,
    so the same seed gives the same names.
    """

    def __init__(self, rng: Any, used: Iterable[str] = ()) -> None:
        self.rng = rng
        self.used: set[str] = set(used)

    def claim(self, name: str) -> str:
        self.used.add(name)
        return name

    def first_free(self, candidates: Iterable[str]) -> str:
        for name in candidates:
            if name not in self.used:
                return self.claim(name)
        raise RuntimeError("no free name left among the variants")

    def brand(self) -> str:
        return str(self.rng.choice(BRANDS))

    def _other_brands(self) -> Iterator[str]:
        for _ in range(400):
            first, second = self.rng.sample(BRAND_CHARS, 2)
            yield first + second

    def company(self, *, trade: str, form: str, place: str, brand: str | None = None) -> str:
        """``青山县{brand}{trade}{form}``, varied with ``place`` (the township's) if taken."""
        first = brand or self.brand()

        def variants() -> Iterator[str]:
            yield f"{COUNTY}{first}{trade}{form}"
            yield f"{COUNTY}{place}{first}{trade}{form}"
            for qualifier in QUALIFIERS:
                yield f"{COUNTY}{first}{qualifier}{trade}{form}"
            for other in self._other_brands():
                yield f"{COUNTY}{other}{trade}{form}"
                yield f"{COUNTY}{place}{other}{trade}{form}"

        return self.first_free(variants())

    def institution(self, sector: str, township_names: list[str]) -> str:
        """A county institution of ``sector`` (教育工会 …) not yet named; township ones next."""
        county_level = [*INSTITUTIONS.get(sector, ["服务中心"]), *MORE_INSTITUTIONS.get(sector, [])]
        first = self.rng.choice(county_level)

        def variants() -> Iterator[str]:
            yield f"{COUNTY}{first}"
            for kind in TOWNSHIP_INSTITUTIONS.get(sector, []):
                for township in self.rng.sample(township_names, len(township_names)):
                    yield f"{COUNTY}{township}{kind}"
            for other in self.rng.sample(county_level, len(county_level)):
                yield f"{COUNTY}{other}"
            for township in township_names:
                for other in county_level:
                    yield f"{COUNTY}{township}{other}"

        return self.first_free(variants())

    def joint(self, township: str, words: list[str], suffix: str, start: int = 0) -> str:
        """A joint union of ``township`` named by one of ``words`` (an area or a trade), then a district."""
        ordered = words[start % len(words) :] + words[: start % len(words)]
        return self.first_free(f"{township}{word}{section}{suffix}" for section in JOINT_SECTIONS for word in ordered)
