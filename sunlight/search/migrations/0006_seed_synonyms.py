"""The common abbreviations and everyday names of government matters, and the words documents use."""

from django.db import migrations

SEED = [
    ("低保", "最低生活保障", ""),
    ("公积金", "住房公积金", ""),
    ("医保", "医疗保障、医疗保险", ""),
    ("社保", "社会保险、社会保障", ""),
    ("营商", "营商环境", ""),
    ("一网通办", "一网办、全程网办", ""),
    ("放管服", "简政放权 放管结合 优化服务", "三个词同时出现"),
    ("跨省通办", "异地办理", ""),
    ("个税", "个人所得税", ""),
    ("新农合", "新型农村合作医疗", ""),
    ("公租房", "公共租赁住房", ""),
    ("廉租房", "廉租住房", ""),
    ("经适房", "经济适用住房", ""),
    ("特困", "特困人员救助供养", ""),
    ("三公经费", "因公出国（境）费 公务用车购置及运行费 公务接待费", "三项同时出现"),
    ("残疾证", "残疾人证", ""),
    ("退休金", "基本养老金、养老金", ""),
    ("双减", "减轻义务教育阶段学生作业负担和校外培训负担", ""),
    ("发改委", "发展和改革委员会、发展改革委", ""),
    ("人社局", "人力资源和社会保障局", ""),
    ("住建局", "住房和城乡建设局", ""),
    ("卫健委", "卫生健康委员会", ""),
    ("市监局", "市场监督管理局", ""),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for term, expansions, note in SEED:
        Synonym.objects.get_or_create(term=term, defaults={"expansions": expansions, "note": note})


def unseed(apps, schema_editor):
    apps.get_model("search", "Synonym").objects.filter(term__in=[t for t, _e, _n in SEED]).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0005_synonyms")]
    operations = [migrations.RunPython(seed, unseed)]
