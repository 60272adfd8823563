"""What a 命题人 knows before reading the text: party and state bodies, 巡视/巡察 roles, forces, fixed formulas."""

from __future__ import annotations

import re

from question_bank.textindex import index_of

# Bodies and roles, each with the siblings a writer swaps it with (same level of the same system first).
BODIES: tuple[str, ...] = (
    "党中央", "中央巡视工作领导小组", "中央巡视工作领导小组办公室", "巡视工作领导小组", "巡视工作领导小组办公室",
    "巡视机构", "巡视组", "巡察机构", "巡察组", "党委（党组）", "党组（党委）", "纪检监察机关", "组织部门",
    "宣传部门", "统战部门", "政法部门", "审计机关", "有关职能部门", "被巡视党组织", "被巡察党组织",
    "巡视组组长", "巡视组副组长", "主要负责人", "领导班子成员", "领导班子", "人民群众",
    "上级党组织", "下级党组织", "同级党组织",
    "国家信访局", "信访部门", "信访工作联席会议", "中央信访工作联席会议", "各级政府", "地方党委", "上级机关",
    "国家监察委员会", "地方各级监察委员会", "监察机关", "监察委员会", "人民检察院", "人民法院", "公安机关",
    "任免机关", "人民代表大会常务委员会", "本级人民代表大会", "上一级监察机关", "公职人员", "监察对象",
    "行政机关", "人事部门", "上级行政机关", "本级人民政府",
)
# The family each body belongs to: a distractor comes from the same family, so options stay of one kind.
_FAMILIES: tuple[tuple[str, ...], ...] = (
    ("党中央", "中央巡视工作领导小组", "中央巡视工作领导小组办公室", "党委（党组）", "巡视工作领导小组",
     "巡视工作领导小组办公室", "巡视机构", "巡视组", "巡察机构", "纪检监察机关", "组织部门", "宣传部门",
     "有关职能部门", "被巡视党组织"),
    ("巡视组组长", "巡视组副组长", "主要负责人", "领导班子成员", "领导班子"),
    ("上级党组织", "下级党组织", "同级党组织"),
    ("国家信访局", "信访部门", "信访工作联席会议", "中央信访工作联席会议", "各级政府", "地方党委", "上级机关"),
    ("国家监察委员会", "地方各级监察委员会", "监察机关", "人民检察院", "人民法院", "公安机关", "审计机关",
     "任免机关", "人民代表大会常务委员会", "本级人民代表大会", "上一级监察机关"),
    ("行政机关", "任免机关", "监察机关", "人事部门", "上级行政机关", "本级人民政府"),
)
SANCTIONS = ("警告", "记过", "记大过", "降级", "撤职", "开除")  # from the lightest to the heaviest
FORCES = ("必须", "应当", "不得", "可以", "禁止")
# Fixed official formulas and the fragment by which a text that quotes them is recognised.
FORMULAS: dict[str, str] = {
    "坚决维护党中央权威和集中统一领导": "党中央权威",
    "坚决维护习近平总书记党中央的核心、全党的核心地位": "全党的核心地位",
    "发现问题、形成震慑，推动改革、促进发展": "形成震慑",
}


_BODY = re.compile("|".join(re.escape(b) for b in sorted(BODIES, key=len, reverse=True)))


# A body and the bodies it contains: 巡视组 and 巡视办 are 巡视机构, so a statement with one for the other may be true.
CONTAINS: dict[str, tuple[str, ...]] = {
    "巡视机构": ("巡视组", "巡视工作领导小组办公室", "中央巡视工作领导小组办公室"),
    "巡察机构": ("巡察组",),
    "巡视工作领导小组": ("中央巡视工作领导小组",),
    "巡视工作领导小组办公室": ("中央巡视工作领导小组办公室",),
    "监察机关": ("国家监察委员会", "地方各级监察委员会", "上一级监察机关", "监察委员会"),
    "上级机关": ("国家信访局", "上级行政机关"),
    "党委（党组）": ("地方党委",),
    "领导班子": ("领导班子成员", "主要负责人"),
}


def related(one: str, other: str) -> bool:
    """Whether one body contains the other (or names a part of it): a swap between them may leave the rule true."""
    return (one in other or other in one or other in CONTAINS.get(one, ()) or one in CONTAINS.get(other, ()))


def siblings(body: str) -> list[str]:
    """Bodies of the same family as `body`, the nearest in the list first (never `body` or a part of it)."""
    for family in _FAMILIES:
        if body in family:
            at = family.index(body)
            others = sorted((b for b in family if b != body), key=lambda b: abs(family.index(b) - at))
            # 监察机关 ↔ 地方各级监察委员会: one names a kind the other belongs to, so the swap may still be true
            return [b for b in others if not related(body, b) and not ("监察" in b and "监察" in body)]
    return []


def bodies_in(text: str) -> list[tuple[int, str]]:
    """Every body of the lexicon named in `text`, as (offset, name), longest name at each place, in order."""
    return [(m.start(), m.group(0)) for m in _BODY.finditer(text)]


def garbled(text: str) -> str:
    """Why a sentence of the source looks corrupted (a doubled phrase, a formula out of its known form), or ""."""
    doubled = re.search(r"([\u4e00-\u9fff]{3,})\1", text)
    if doubled and not re.fullmatch(r"(.)\1+", doubled.group(1)):
        return f"原文疑似重复：“{doubled.group(1)}{doubled.group(1)}”"
    for formula, anchor in FORMULAS.items():
        if anchor in text and formula.replace("，", "") not in text.replace("，", "").replace(",", ""):
            start = text.find(anchor)
            window = text[max(0, start - 14):start + len(anchor) + 4]
            if "维护" in window and formula not in text:
                return f"规范表述应为“{formula}”，原文为“{window}”"
    return ""


# Members a writer offers as wrong options beside a list of the same kind (each checked: never in the text).
LIST_POOLS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("坚持",), ("坚持惩前毖后、治病救人", "坚持宽严相济、教育与惩处相结合", "坚持公开公正、便民高效",
               "坚持民主公开、注重实绩", "坚持属地管理、分级负责", "坚持依法按政策解决问题")),
    # never 专题 beside 专项 (a synonym), nor 交叉/联动/提级巡视: the list ends with 等 and those are practice
    (("巡视", "回头看’", "回头看"), ("蹲点巡视", "随机巡视", "驻点巡视")),
    (("关",), ("纪律关", "年龄关", "学历关", "资历关")),
    (("部委", "部门", "企业", "高校"), ("省管企业", "地方高校", "省属高校", "市管企业")),
    # never a pool for 重点检查……等情况 (对党忠诚、担当作为……): the list is open, any conduct of a 一把手 may be checked
    # never 选人用人 or 民主决策: the list ends with 等, and the document puts both in 巡视's reach
)
# two-character steps beside 准备、了解、报告……, of other procedures (never 督查, which reads as 督促 of the same one)
_STEPS = ("立案", "审理", "复核", "听证", "处分")  # never 评估: 巡视整改评估 is practice


def pool_for(items: tuple[str, ...], *, document: str) -> list[str]:
    """Shipped members of the same kind as `items` (坚持…… principles, 巡视 modes, 关口) not in the document."""
    index = index_of(document)
    if all(len(i) == 2 for i in items):
        return [m for m in _STEPS if m not in index]
    for markers, pool in LIST_POOLS:
        if all(any(i.startswith(m) or i.endswith(m) for m in markers) for i in items) or (
                len(markers) > 4 and sum(any(m in i for m in markers) for i in items) >= 3):
            return [m for m in pool if m not in index and m[:4] not in index]
    return []


def split_pair(item: str) -> tuple[str, str] | None:
    """A list member made of a body and what it does (巡视机构组织实施 -> 巡视机构, 组织实施), or None."""
    found = bodies_in(item)
    if not found or found[0][0] != 0:
        bare = re.match(r"(党组织|人民群众|[\u4e00-\u9fff]{2,6}(?:部门|机关|机构|党组织))", item)
        if not bare:
            return None
        body = bare.group(1)
    else:
        body = found[0][1]
    rest = item[len(body):]
    joined = re.match(r"和([\u4e00-\u9fff]{2,6}?(?:部门|机关|机构))", rest)
    if joined:
        body, rest = body + joined.group(0), rest[joined.end():]
    return (body, rest) if 2 <= len(rest) <= 6 else None


# Terms a writer swaps with a same-kind wrong one (each offered only where the text never says it).
TERM_POOLS: dict[str, tuple[str, ...]] = {
    "政治监督": ("业务监督", "纪律监督", "民主监督"),
    "以党章为根本依据": ("以宪法为根本依据", "以党内监督条例为根本依据", "以纪律处分条例为根本依据"),
    "战略性制度安排": ("根本性制度安排", "基础性制度安排", "阶段性制度安排"),
    "发现问题、形成震慑，推动改革、促进发展": ("惩前毖后、治病救人，教育为主、预防为先",
                                     "标本兼治、综合治理，惩防并举、注重预防",
                                     "全面覆盖、突出重点，分类施策、精准监督"),
    "一届任期": ("三年", "两年", "一年"),  # never 五年 (a term is five years) nor 两届 (a weaker claim, true)
    "巡视建议书": ("巡视意见书", "巡视通知书", "整改通知书"),
    "底稿制度": ("备案制度", "审核制度", "登记制度"),
    "隶属关系和干部管理权限": ("属地关系和业务管理权限", "行业归口关系和人事管理权限", "业务指导关系和干部任免权限"),
    "下一级单位党组织": ("本级单位党组织", "所属全部党组织", "下两级单位党组织"),
    "紧盯权力和责任": ("紧盯项目和资金", "紧盯作风和纪律", "紧盯人事和财务"),
    "村（社区）党组织": ("乡镇党委", "县直机关党组织", "非公企业党组织"),
    "严明政治纪律和政治规矩": ("严明组织纪律和工作纪律", "严明廉洁纪律和群众纪律", "严明工作纪律和生活纪律"),
    "专题材料": ("问题清单", "情况通报", "工作台账"),
    "重要抓手": ("根本任务", "基本前提", "重要保障"),  # never 根本途径/基本方式/主要形式: near-synonyms, all arguably true
    "一岗双责": ("双重责任", "连带责任", "领导责任"),
    "立行立改、边巡边查": ("即知即改、立查立纠", "边查边改、查改结合", "先巡后改、巡后再查"),
    "重要政治任务": ("首要政治任务", "经常性工作任务", "重要业务工作"),
    "关于党的自我革命的重要思想": ("关于党的建设的重要思想", "关于全面从严治党的重要论述", "关于加强党内监督的重要论述"),
    "巡视整改交接工作": ("巡视整改验收工作", "巡视整改销号工作", "巡视整改评估工作"),
    "严守政治纪律和政治规矩": ("严守组织纪律和廉洁纪律", "严守廉洁纪律和群众纪律", "严守组织纪律和生活纪律"),
}


def term_swaps(text: str, *, document: str) -> list[tuple[str, tuple[str, ...]]]:
    """The pool terms in `text` with their wrong versions, those the document never says."""
    found = []
    for term, wrong in TERM_POOLS.items():
        if term in text:
            index = index_of(document)
            found.append((term, tuple(w for w in wrong if w not in index)))
    return found
