"""The words of the default report templates: 财预〔2020〕10号 附3 (评价报告提纲) and 宁财绩〔2020〕260号 附件1、5、6、7.
Text in 【待撰写：…】 is highlighted in the template for the author; {{ … }} are filled from the workbook."""

from __future__ import annotations

from .authoring import CAPTION_STYLE, Author

INDICATOR_HEADERS = ["一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "偏差原因"]


def self_eval() -> bytes:
    a = Author("项目支出绩效自评报告")
    a.title("{{ project_name }}项目支出绩效自评报告")
    a.subtitle("（{{ year }}年度）")
    a.h1("一、基本情况")
    a.h2("（一）项目概况")
    a.pairs([("项目名称", "{{ project_name }}"), ("项目编码", "{{ project_code }}"), ("主管部门", "{{ department }}"),
             ("实施单位", "{{ unit_name }}"), ("项目负责人", "{{ project_leader }}"), ("联系人及电话", "{{ contact }}")])
    a.para("【待撰写：项目立项背景、主要内容及实施情况】")
    a.h2("（二）资金投入和使用情况")
    a.para("{{ funds_sentence }}")
    a.grid(["资金来源", "年初预算数（万元）", "全年预算数（万元）", "全年执行数（万元）", "执行率"], "f in funds",
           ["{{ f.label }}", "{{ f.budget_initial }}", "{{ f.budget }}", "{{ f.executed }}", "{{ f.rate }}"],
           [3, 2, 2, 2, 1.6], left=(0,))
    a.h2("（三）绩效目标")
    a.para("年度总体目标：{{ goal_expected }}")
    a.para("实际完成情况：{{ goal_actual }}")
    a.h1("二、绩效目标及完成情况")
    a.para("{{ score_sentence }}")
    a.grid(INDICATOR_HEADERS, "r in indicators",
           ["{{ r.level1 }}", "{{ r.level2 }}", "{{ r.name }}", "{{ r.target }}", "{{ r.actual }}", "{{ r.weight }}",
            "{{ r.score }}", "{{ r.reason }}"], [1.4, 1.6, 2.4, 1.6, 1.6, 1.0, 1.3, 3.0],
           tail=[["预算执行率", "", "{{ exec_rate }}", "", "", "{{ exec_weight }}", "{{ exec_score }}", ""],
                 ["合计", "", "", "", "", "{{ weight_total }}", "{{ total_score }}", "等级：{{ grade }}"]], left=(2, 7))
    a.image("chart", "图1  各一级指标分值与得分")
    a.h1("三、偏离绩效目标的原因")
    a.loop("d in deviations", "{{ d }}")
    a.h1("四、存在的问题")
    a.para("{{ problems_found }}【待撰写：结合偏离绩效目标的原因，归纳项目立项、资金管理和组织实施中存在的问题】")
    a.h1("五、改进措施")
    a.para("{{ measures }}")
    a.h1("六、结果应用")
    a.para("{{ results }}")
    a.h1("七、其他需要说明的问题")
    a.para("{{ notes }}")
    a.sign("{{ unit_name }}", "{{ fill_date }}")
    return a.save()


def summary() -> bytes:
    a = Author("项目支出绩效自评情况汇总报告")
    a.title("{{ org }}{{ year }}年度项目支出绩效自评情况汇总报告")
    a.para("根据预算绩效管理有关规定，{{ org }}组织所属单位对{{ year }}年度项目支出开展了绩效自评，现将自评情况汇总报告如下。")
    a.h1("一、自评覆盖情况")
    a.para("{{ coverage }}{{ missing }}")
    a.grid(["{{ by }}", "项目数", "全年预算数（万元）", "全年执行数（万元）", "执行率", "平均分"], "r in rows",
           ["{{ r.name }}", "{{ r.projects }}", "{{ r.budget }}", "{{ r.executed }}", "{{ r.rate }}", "{{ r.avg }}"],
           [3.2, 1, 2, 2, 1.3, 1.2],
           tail=[["合计", "{{ total.projects }}", "{{ total.budget }}", "{{ total.executed }}", "{{ total.rate }}",
                  "{{ total.avg }}"]], left=(0,))
    a.h1("二、自评结果及等级分布")
    a.para("{{ grade_sentence }}")
    a.grid(["等级", "项目数", "占比", "全年预算数（万元）"], "g in grades",
           ["{{ g.grade }}", "{{ g.count }}", "{{ g.share }}", "{{ g.budget }}"], [1, 1, 1, 2])
    a.image("grade_chart", "图1  自评等级分布")
    a.h1("三、低绩效项目")
    a.para("{{ low_sentence }}")
    a.tag("{%p if low %}")
    a.grid(["主管部门", "单位", "项目", "总分", "等级", "执行率"], "r in low",
           ["{{ r.dept }}", "{{ r.unit }}", "{{ r.project }}", "{{ r.score }}", "{{ r.grade }}", "{{ r.rate }}"],
           [2, 2.4, 3, 1, 0.8, 1.2], left=(0, 1, 2))
    a.tag("{%p endif %}")
    a.h1("四、预算执行情况")
    a.para("{{ rate_sentence }}")
    a.image("rate_chart", "图2  预算执行率")
    a.tag("{%p if slow %}")
    a.para("执行率低于{{ low_rate }}的项目：", style=CAPTION_STYLE, indent=False)
    a.grid(["主管部门", "单位", "项目", "全年预算数（万元）", "执行率", "等级"], "r in slow",
           ["{{ r.dept }}", "{{ r.unit }}", "{{ r.project }}", "{{ r.budget }}", "{{ r.rate }}", "{{ r.grade }}"],
           [2, 2.4, 3, 1.6, 1.1, 0.8], left=(0, 1, 2))
    a.tag("{%p endif %}")
    a.h1("五、审核发现的问题")
    a.para("{{ issue_sentence }}")
    a.tag("{%p if issues %}")
    a.grid(["类别", "强制", "提示", "建议", "合计"], "r in issues",
           ["{{ r.category }}", "{{ r.counts[0] }}", "{{ r.counts[1] }}", "{{ r.counts[2] }}", "{{ r.total }}"],
           [2.5, 1, 1, 1, 1], left=(0,))
    a.tag("{%p endif %}")
    a.h1("六、存在的主要问题及原因分析")
    a.para("【待撰写：结合低绩效项目、执行率偏低项目和审核发现的问题，分析存在的主要问题及原因】")
    a.h1("七、结果应用及下一步工作")
    a.para("{{ results_rule }}")
    a.para("【待撰写：下一步工作安排】")
    a.sign("{{ org }}", "{{ date }}")
    return a.save()


EVAL_HEADERS = ["二级指标", "三级指标", "权重", "目标值", "实际值", "得分", "扣分原因"]
EVAL_CELLS = ["{{ r.level2 }}", "{{ r.name }}", "{{ r.weight }}", "{{ r.target }}", "{{ r.actual }}", "{{ r.score }}",
              "{{ r.reason }}"]


def evaluation() -> bytes:
    a = Author("绩效评价报告")
    a.title("{{ title }}")
    a.pairs([("评价对象", "{{ object_name }}"), ("主管部门", "{{ department }}"), ("评价类型", "{{ eval_type }}"),
             ("评价机构", "{{ evaluator }}"), ("评价年度", "{{ year }}"), ("报告日期", "{{ report_date }}")])
    a.h1("一、基本情况")
    a.h2("（一）{{ overview_heading }}")
    a.para("{{ overview }}")
    a.para("{{ background }}")
    a.h2("（二）{{ goals_heading }}")
    a.para("{{ goals }}")
    a.h1("二、绩效评价工作开展情况")
    a.h2("（一）评价目的、对象和范围")
    a.para("{{ scope }}【待撰写：评价目的】")
    a.para("{{ focus }}（宁财绩〔2020〕260号第十四条）。")
    a.h2("（二）评价原则、评价指标体系、评价方法和评价标准")
    a.para("{{ system }}指标体系及评分情况见附件1。")
    a.para("【待撰写：评价原则；采用的评价方法（如成本效益分析法、比较法、因素分析法、最低成本法、公众评判法、标杆管理法）；"
           "评价标准（计划标准、行业标准、历史标准等）】")
    a.h2("（三）评价工作过程")
    a.para("{{ process }}分析工作底稿清单见附件2。")
    a.para("【待撰写：前期准备、组织实施（调研沟通、资料收集、现场核查）、分析评价等工作过程】")
    a.h1("三、综合评价情况及评价结论")
    a.para("{{ conclusion }}")
    a.grid(["一级指标", "权重（分值）", "得分", "得分率", "三级指标数"], "g in summary",
           ["{{ g.label }}", "{{ g.weight }}", "{{ g.score }}", "{{ g.rate }}", "{{ g.count }}"], [2, 1.5, 1.5, 1.5, 1.5],
           tail=[["合计", "{{ weight_total }}", "{{ total_score }}", "", "等级：{{ grade }}"]])
    a.image("chart", "图1  各一级指标权重与得分")
    a.para("{{ results }}")
    a.h1("四、绩效评价指标分析")
    a.tag("{%p for s in sections %}")
    a.h2("{{ s.heading }}")
    a.para("{{ s.sentence }}")
    a.grid(EVAL_HEADERS, "r in s.rows", EVAL_CELLS, [1.6, 2.4, 0.9, 1.5, 1.5, 1.1, 3.2], left=(1, 6))
    a.loop("d in s.deductions", "{{ d }}")
    a.tag("{%p endfor %}")
    a.h1("五、主要经验及做法、存在的问题及原因分析")
    a.h2("（一）主要经验及做法")
    a.para("【待撰写：主要经验及做法】")
    a.h2("（二）存在的问题及原因分析")
    a.loop("d in problems", "{{ d }}")
    a.para("【待撰写：归纳上述扣分情况反映的问题，分析原因】")
    a.h1("六、有关建议")
    a.para("{{ suggestions }}")
    a.h1("七、其他需要说明的问题")
    a.para("{{ other }}")
    a.para("附件：1. 绩效评价指标体系及评分表", indent=False)
    a.para("　　　2. 分析工作底稿清单", indent=False)
    a.sign("{{ evaluator }}", "{{ report_date }}")
    a.landscape()
    a.para("附件1", style="Heading 1", indent=False)
    a.para("绩效评价指标体系及评分表", style="Title", indent=False)
    a.grid(["一级指标", "二级指标", "三级指标", "指标解释", "评分标准", "权重", "指标性质", "目标值", "实际值", "完成档次",
            "得分", "扣分原因"], "r in indicators",
           ["{{ r.level1 }}", "{{ r.level2 }}", "{{ r.name }}", "{{ r.explain }}", "{{ r.standard }}", "{{ r.weight }}",
            "{{ r.kind }}", "{{ r.target }}", "{{ r.actual }}", "{{ r.tier }}", "{{ r.score }}", "{{ r.reason }}"],
           [1.1, 1.4, 2, 3, 2.8, 1, 1.3, 1.4, 1.6, 2.2, 1.3, 3], left=(2, 3, 4, 9, 11),
           tail=[["合计", "", "", "", "", "{{ weight_total }}", "", "", "", "", "{{ total_score }}", "等级：{{ grade }}"]])
    a.page_break()
    a.para("附件2", style="Heading 1", indent=False)
    a.para("分析工作底稿清单", style="Title", indent=False)
    a.grid(["底稿编号", "对应三级指标", "核查内容/佐证材料", "核查方法", "核查发现", "核查人", "核查日期"], "r in papers",
           ["{{ r.code }}", "{{ r.name }}", "{{ r.content }}", "{{ r.method }}", "{{ r.finding }}", "{{ r.checker }}",
            "{{ r.date }}"], [1.2, 2, 4, 1.8, 4, 1, 1.6], left=(1, 2, 4))
    return a.save()


def notice() -> bytes:
    a = Author("关于开展财政重点绩效评价工作的通知")
    a.title("关于开展财政重点绩效评价工作的通知")
    a.salutation("{{ department }}：")
    a.para("根据《中华人民共和国预算法》《中共中央 国务院关于全面实施预算绩效管理的意见》等有关规定，{{ bureau }}决定对"
           "{{ object_name }}开展财政重点绩效评价。现将有关事项通知如下：")
    a.h1("一、评价目的")
    a.para("通过绩效评价，客观、公正地反映{{ object_name }}绩效目标实现情况，总结经验，发现问题，提出改进建议，提高财政资源"
           "配置效率和使用效益，强化支出责任。")
    a.h1("二、评价对象和内容")
    a.para("评价对象为{{ object_name }}（评价年度：{{ year }}；{{ funds_label }}：{{ funds }}万元）。{{ focus }}。")
    a.h1("三、评价依据")
    for line in ("（一）国家相关法律、法规和规章制度；", "（二）国家、省、市制定的国民经济、社会发展规划和方针政策；",
                 "（三）相关行业政策、行业标准及专业技术规范；", "（四）财政相关管理制度、会计核算制度、专项资金管理办法；",
                 "（五）你单位的职能职责、中长期发展规划及年度工作计划；",
                 "（六）申报并批复的绩效目标，依法批复的年度预算、预算执行情况，决算报告及相关资料；",
                 "（七）人大审查结果报告、审计报告及决定、财政监督报告；", "（八）其他相关资料。"):
        a.para(line)
    a.h1("四、评价方式和时间安排")
    a.para("本次评价由{{ evaluator }}实施，计划于{{ start }}至{{ end }}开展调研沟通、收集评价资料、现场核查、对照指标体系"
           "打分和评价分析，并撰写评价报告。")
    a.h1("五、有关要求")
    a.para("请你单位指定专人负责联络，积极配合评价工作组开展工作，按照所附清单提供真实、合法、完整的数据资料，为评价工作"
           "提供便利。")
    a.para("联系人及电话：{{ contact }}")
    a.para("附件：评价资料清单", indent=False)
    a.sign("{{ bureau }}", "{{ date }}")
    a.page_break()
    a.para("附件", style="Heading 1", indent=False)
    a.para("评价资料清单", style="Title", indent=False)
    for line in ("1. 项目实施方案和基本情况；", "2. 部门（单位）三定方案和中长期规划；",
                 "3. 相关资金的预算、安排明细、使用情况和管理办法；", "4. 各类制度和保障措施建立和运行情况；",
                 "5. 绩效目标、年度审计、往年绩效评价报告、工作总结；", "6. 【待撰写：其他需要提供的资料】"):
        a.para(line)
    return a.save()


def comments() -> bytes:
    a = Author("绩效评价报告征求意见书")
    a.title("绩效评价报告征求意见书")
    a.salutation("{{ department }}：")
    a.para("根据工作安排，{{ bureau }}对{{ object_name }}开展了财政重点绩效评价。评价工作组（{{ evaluator }}）已形成绩效评价"
           "报告初稿{{ draft }}，现以书面形式征求你单位意见。")
    a.para("请你单位对报告初稿认真研究，可根据报告初稿补充完善资料，并于{{ reply_by }}前以书面形式正式回复。")
    a.para("联系人及电话：{{ contact }}")
    a.para("附件：1. {{ object_name }}绩效评价报告（初稿）", indent=False)
    a.para("　　　2. 绩效评价报告意见反馈表", indent=False)
    a.sign("{{ bureau }}", "{{ date }}")
    a.page_break()
    a.para("附件2", style="Heading 1", indent=False)
    a.para("绩效评价报告意见反馈表", style="Title", indent=False)
    a.pairs([("被评价单位", "{{ department }}"), ("评价对象", "{{ object_name }}")])
    a.para("")
    a.grid(["序号", "报告原文（页码、段落）", "修改意见", "理由及佐证材料"], None, [], [0.8, 3, 3, 3], blank_rows=5)
    a.para("")
    a.para("单位负责人（签字）：　　　　　　　　单位（盖章）　　　　　　　　年　　月　　日", indent=False)
    return a.save()


def submission() -> bytes:
    a = Author("关于呈报绩效评价情况的报告")
    a.title("{{ bureau }}关于呈报绩效评价情况的报告")
    a.salutation("{{ to }}：")
    a.para("根据预算绩效管理工作安排，{{ bureau }}对{{ object_name }}开展了财政重点绩效评价。现将评价情况报告如下：")
    a.h1("一、评价基本情况")
    a.para("评价对象为{{ object_name }}，主管部门为{{ department }}，{{ funds_label }}{{ funds }}万元，由{{ evaluator }}实施评价。")
    a.h1("二、评价结论")
    a.para("{{ conclusion }}{{ rates }}")
    a.h1("三、主要绩效")
    a.para("{{ achievements }}")
    a.h1("四、存在的主要问题")
    a.loop("d in problems", "{{ d }}")
    a.h1("五、评价结果应用及下一步工作建议")
    a.para("{{ results }}")
    a.para("【待撰写：下一步工作建议】")
    a.para("特此报告。")
    a.sign("{{ bureau }}", "{{ date }}")
    return a.save()


OUTLINES = {"self_eval": self_eval, "summary": summary, "evaluation": evaluation, "notice": notice,
            "comments": comments, "submission": submission}
