"""The change history of the demo: what changed in 2026 (and why), one suspension, one cancellation, one split.

Keys are template numbers (the 8 digits after the type letters); a change applies to every org implementing it.
"""

from __future__ import annotations

from datetime import date

from .spec import Mat

# template number -> (day, field changes of the Spec, reason)
CHANGES: dict[str, tuple[date, dict, str]] = {
    "00101000": (date(2026, 3, 2), {"promised": 5}, "优化营商环境，承诺办结时限由10个工作日压缩至5个工作日"),
    "00101001": (date(2026, 3, 2), {"promised": 5}, "优化营商环境，承诺办结时限由10个工作日压缩至5个工作日"),
    "00107000": (date(2026, 4, 1), {"promised": 3}, "承诺办结时限由5个工作日压缩至3个工作日"),
    "00108000": (date(2026, 4, 1), {"promised": 10}, "承诺办结时限由15个工作日压缩至10个工作日"),
    "00109000": (date(2026, 5, 6), {"promised": 7}, "推行告知承诺制，承诺办结时限由10个工作日压缩至7个工作日"),
    "00201000": (date(2026, 2, 2), {"promised": 2}, "工程建设项目审批制度改革，承诺办结时限由3个工作日压缩至2个工作日"),
    "00202000": (date(2026, 6, 1), {"promised": 3}, "承诺办结时限由5个工作日压缩至3个工作日"),
    "00204000": (date(2026, 2, 2), {"promised": 7}, "并联审批，承诺办结时限由10个工作日压缩至7个工作日"),
    "00303000": (date(2026, 2, 2), {"promised": 7}, "并联审批，承诺办结时限由10个工作日压缩至7个工作日"),
    "00308000": (date(2026, 1, 5), {"promised": 3}, "不动产登记“一窗受理”，一般登记由5个工作日压缩至3个工作日"),
    "00401000": (date(2026, 3, 16), {"promised": 7}, "承诺办结时限由10个工作日压缩至7个工作日"),
    "00501000": (date(2026, 7, 1), {"promised": 30}, "承诺办结时限由40个工作日压缩至30个工作日"),
    "00604000": (date(2026, 1, 5), {"promised": 20}, "低保审核确认时限由30个工作日压缩至20个工作日"),
    "00609000": (date(2026, 5, 6), {"promised": 15}, "承诺办结时限由20个工作日压缩至15个工作日"),
    "00705000": (date(2026, 4, 1), {"promised": 30}, "工伤认定承诺时限由40日压缩至30日"),
    "00706000": (date(2026, 9, 1), {"visits": 0, "visits_reason": "", "depth": 4}, "实现全程网办，申请人无需到现场"),
    "00801000": (date(2026, 3, 16), {"promised": 20}, "环评审批提速，承诺办结时限由30个工作日压缩至20个工作日"),
    "00901000": (date(2026, 8, 3), {"promised": 10}, "承诺办结时限由15个工作日压缩至10个工作日"),
    "00903000": (
        date(2026, 2, 2),
        {"promised": 3, "visits": 0, "visits_reason": "", "depth": 4},
        "推行告知承诺和全程网办，承诺办结时限由5个工作日压缩至3个工作日",
    ),
    "01101000": (date(2026, 6, 1), {"promised": 5}, "承诺办结时限由10个工作日压缩至5个工作日"),
    "01401000": (date(2026, 4, 1), {"promised": 10}, "宅基地审批提速，承诺办结时限由15个工作日压缩至10个工作日"),
}
SUSPEND = ("01002000", date(2026, 10, 9), "本年度科技创新券额度已用完，暂停受理至下一年度")
CANCEL = ("00209000", date(2026, 7, 1), "根据工程建设项目审批制度改革要求取消施工合同备案，改为信息共享")
# 教师资格认定 at the city: split in 2026 into the two levels the city certifies.
SPLIT = (
    "00502000",
    "city:云川市教育局",
    date(2026, 9, 1),
    "按任教学段分别办理，教师资格认定拆分为高级中学和中等职业学校两个事项",
    (
        {"basic": "00502001", "name": "高级中学教师资格认定"},
        {
            "basic": "00502002",
            "name": "中等职业学校教师资格认定",
            "materials": (Mat("专业技术职务证书", "government", "copy", condition="申请实习指导教师资格的"),),
        },
    ),
)
FIRST_PUBLISHED = date(2025, 1, 6)  # the first versions spread over 2025 from this day
