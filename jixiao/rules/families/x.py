"""Family X (表间与名册): every rule of the family, declared once, as data."""

from ..registry import Rule
from .basis import DETAIL, JIXIAO_TEMPLATE, PAPERS, ROSTER

RULES = (
    Rule("X001", "强制", "单位编码不在名册中", ROSTER, "工作簿中的单位编码“{value}”不在报送名册中，请核对单位编码"),
    Rule("X002", "提示", "发件人不是该单位的联系邮箱", ROSTER, "发件人 {value} 不是名册中「{label}」的联系邮箱（{expected}），请确认报送单位"),
    Rule("X003", "提示", "单位名称与名册不一致", ROSTER, "工作簿中的单位名称“{value}”与名册中的“{expected}”不一致"),
    Rule("X004", "提示", "报送了名册未要求的表单", ROSTER, "名册中「{label}」不需报送「{detail}」，请确认是否报错表单"),
    Rule("X005", "强制", "未填写单位编码", ROSTER, "工作簿中未填写单位编码，无法确认报送单位（{detail}）"),
    Rule("X006", "提示", "单位编码与名册不一致", ROSTER, "工作簿中的单位编码“{value}”与名册中「{label}」的编码“{expected}”不一致"),
    Rule("X007", "提示", "未填写单位编码，按单位名称对应名册", ROSTER,
         "工作簿中没有单位编码，已按单位名称对应名册中的「{label}」（单位编码 {expected}）",
         "非模板工作簿（如财政部附1样表）常没有单位编码栏目：单位名称与名册唯一对应时按该单位审核和汇总。"),
    Rule("X501", "强制", "底稿对应的三级指标不在指标体系中", PAPERS + "；" + JIXIAO_TEMPLATE + "：底稿按三级指标名称与“指标体系”表对应", DETAIL),
)
