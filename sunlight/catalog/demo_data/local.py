"""What townships (乡镇、街道) and villages (村、社区) accept: applications for the district, 宅基地, 代办."""

from __future__ import annotations

from .spec import Mat, Spec

AID = "社会救助暂行办法"
TOWN = "乡（镇）人民政府、街道办事处"
LOCAL = {"division": "便民服务中心", "visits_reason": "提交申请并核验身份"}


def t(no, name, kind, where, cites=(), **kw) -> Spec:
    return Spec(no, name, kind, "乡（镇）人民政府", TOWN, where, cites, **{**LOCAL, **kw})


def v(no, name, where, **kw) -> Spec:
    return Spec(
        no,
        name,
        "public_service",
        "村（居）民委员会",
        "村（居）民委员会",
        where,
        (),
        division="便民服务站",
        visits_reason="提交材料",
        **kw,
    )


SPECS: tuple[Spec, ...] = (
    t(
        "01401000",
        "农村村民宅基地审批",
        "permit",
        ("town",),
        (
            (
                "中华人民共和国土地管理法",
                62,
                4,
                "农村村民住宅用地，由乡（镇）人民政府审核批准；其中，涉及占用农用地的，依照本法第四十四条的规定办理审批手续。",
            ),
        ),
        statutory=20,
        promised=15,
        events=("housing",),
        conditions=("本集体经济组织成员，一户只能拥有一处宅基地",),
        materials=(
            Mat("农村宅基地和建房（规划许可）申请表", blank_form="宅基地申请表.docx"),
            Mat("宅基地使用承诺书"),
            Mat("村民小组会议记录", "government"),
        ),
        result=("农村宅基地批准书", "certificate"),
        pool="农村宅基地审批台账",
    ),
    t(
        "01402000",
        "最低生活保障申请受理",
        "public_service",
        ("township",),
        ((AID, 11, None, ""),),
        promised=15,
        events=("social_security",),
        materials=(Mat("最低生活保障申请书"), Mat("家庭经济状况核对授权书")),
        result=("受理通知书", "document"),
    ),
    t(
        "01403000",
        "特困人员救助供养申请受理",
        "public_service",
        ("township",),
        ((AID, 15, None, ""),),
        promised=15,
        events=("social_security",),
        materials=(Mat("特困人员救助供养申请书"),),
        result=("受理通知书", "document"),
    ),
    t(
        "01404000",
        "临时救助（小额先行救助）",
        "benefit",
        ("township",),
        ((AID, 47, None, ""), (AID, 48, None, "")),
        promised=3,
        events=("social_security",),
        materials=(Mat("临时救助申请书"),),
        result=("临时救助金", "other"),
    ),
    t(
        "01405000",
        "高龄津贴申请受理",
        "public_service",
        ("township",),
        promised=5,
        events=("retirement",),
        materials=(Mat("高龄津贴申请表"),),
        result=("受理回执", "document"),
    ),
    t(
        "01406000",
        "城乡居民基本养老保险参保登记",
        "public_service",
        ("township",),
        promised=0,
        events=("social_security", "retirement"),
        materials=(Mat("城乡居民基本养老保险参保登记表"),),
        result=("参保登记信息", "document"),
    ),
    t(
        "01407000",
        "就业失业登记",
        "public_service",
        ("township",),
        promised=0,
        visits=0,
        visits_reason="",
        depth=4,
        events=("employment",),
        materials=(Mat("居民身份证", "government", medium="electronic"),),
        result=("就业创业证", "certificate"),
    ),
    t(
        "01408000",
        "残疾人两项补贴申请受理",
        "public_service",
        ("township",),
        promised=5,
        events=("social_security",),
        materials=(Mat("残疾人两项补贴申请表"), Mat("残疾人证", "government", "copy")),
        result=("受理回执", "document"),
    ),
    t(
        "01409000",
        "公共租赁住房申请受理",
        "public_service",
        ("street",),
        promised=5,
        events=("housing",),
        materials=(Mat("公共租赁住房申请表"),),
        result=("受理回执", "document"),
    ),
    v(
        "01501000",
        "农村宅基地申请代办",
        ("village",),
        promised=5,
        events=("housing",),
        materials=(Mat("农村宅基地和建房（规划许可）申请表"), Mat("户口簿", "government", "copy")),
        result=("代办回执", "document"),
    ),
    v(
        "01502000",
        "最低生活保障申请代办",
        ("village", "community"),
        promised=3,
        events=("social_security",),
        materials=(Mat("最低生活保障申请书"),),
        result=("代办回执", "document"),
    ),
    v(
        "01503000",
        "城乡居民基本养老保险参保代办",
        ("village", "community"),
        promised=0,
        events=("retirement",),
        materials=(Mat("居民身份证", "government", "copy"),),
        result=("代办回执", "document"),
    ),
    v(
        "01504000",
        "居家养老服务申请代办",
        ("community",),
        promised=3,
        events=("retirement",),
        materials=(Mat("居家养老服务申请表"),),
        result=("代办回执", "document"),
    ),
    v(
        "01505000",
        "残疾人证申领代办",
        ("village", "community"),
        promised=3,
        events=("social_security",),
        materials=(Mat("残疾人证申请表"), Mat("近期免冠照片", copies=2)),
        result=("代办回执", "document"),
    ),
)
