"""The change log's diff names every changed element in Chinese, lists by their entries."""

from __future__ import annotations

from sunlight.catalog.diff import diff
from sunlight.catalog.tests.builders import VALID, data


def _by_label(changes):
    return {c.label: c for c in changes}


def test_two_equal_versions_have_no_differences():
    assert diff(data(), data()) == []


def test_a_changed_single_element_is_named_with_before_and_after():
    changes = _by_label(diff(data(), data(promised_limit=5, handling="promised", online_depth=4, visits=0)))
    assert (changes["承诺办结时限"].before, changes["承诺办结时限"].after) == ("10 工作日", "5 工作日")
    assert changes["网办深度"].after == "Ⅳ 全程网办"
    assert changes["到办事现场次数"].before == "1"
    assert "法定办结时限" not in changes


def test_materials_are_added_removed_and_changed_by_name():
    materials = [dict(m) for m in VALID["guide"]["materials"]]
    materials[1]["copies"] = 2  # 营业执照: two copies now
    del materials[2]  # 授权委托书 gone
    materials.append({"name": "健康证明", "source": "government"})
    changes = _by_label(diff(data(), data(guide={"materials": materials})))
    m = changes["申请材料"]
    assert m.added == ["健康证明"] and m.removed == ["授权委托书"]
    assert [(e.name, e.parts) for e in m.changed] == [("营业执照", [("份数", "1", "2")])]


def test_steps_fees_citations_conditions_and_faq_are_diffed_as_lists():
    new = data(
        charges_fee=True,
        citations=[{"law_title": "中华人民共和国食品安全法", "article": 35, "clause": 2}],
        guide={
            "steps": [{"name": "受理", "actor": "综合窗口", "days": 1}],
            "fees": [{"name": "工本费", "standard": "10元"}],
            "conditions": ["新的条件"],
            "faq": [{"question": "要多久？", "answer": "十个工作日。"}],
        },
    )
    changes = _by_label(diff(data(), new))
    assert changes["是否收费"].before == "否" and changes["是否收费"].after == "是"
    assert changes["收费项目"].added == ["工本费"]
    assert changes["设定依据"].added == ["《中华人民共和国食品安全法》第35条第2款"]
    assert changes["设定依据"].removed == ["《中华人民共和国食品安全法》第35条第1款"]
    assert changes["办理流程"].removed == ["审查", "决定", "送达"]
    assert changes["办理流程"].changed[0].parts == [("办理人", "政务服务中心窗口", "综合窗口")]
    assert changes["受理条件"].added == ["新的条件"] and changes["常见问题"].added == ["要多久？"]


def test_steps_in_another_order_are_a_change():
    steps = list(reversed(VALID["guide"]["steps"]))
    change = _by_label(diff(data(), data(guide={"steps": steps})))["办理流程"]
    assert not change.added and not change.removed
    assert change.changed[-1].name == "顺序"
