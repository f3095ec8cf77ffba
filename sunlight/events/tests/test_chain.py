import pytest
from django.core.management import call_command
from django.db import transaction

from sunlight.events.log import GENESIS_HASH, content_hash, events_for, record, verify_chain
from sunlight.events.models import ChainHead, Event


@pytest.fixture
def three_events(cast):
    for i in range(3):
        record("test.act", actor=cast.clerk, org=cast.east_center, obj=cast.east_center, data={"n": i, "文字": "中文"})
    return list(Event.objects.order_by("seq"))


def test_each_entry_carries_the_previous_entrys_hash(three_events):
    first, second, third = three_events
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert [e.seq for e in three_events] == [1, 2, 3]
    assert all(len(e.hash) == 64 and e.hash == content_hash(e) for e in three_events)


def test_an_intact_log_verifies(three_events):
    result = verify_chain()
    assert result.ok and result.checked == 3


def test_an_altered_row_is_found_and_named(three_events):
    Event.objects.filter(seq=2).update(data={"n": 99})
    result = verify_chain()
    assert not result.ok and result.bad_seq == 2 and "篡改" in result.reason


def test_a_deleted_row_is_found(three_events):
    Event.objects.filter(seq=2).delete()
    result = verify_chain()
    assert not result.ok and result.bad_seq == 2


def test_a_deleted_last_row_is_found_through_the_chain_head(three_events):
    Event.objects.filter(seq=3).delete()
    result = verify_chain()
    assert not result.ok and result.bad_seq == 3


def test_an_inserted_row_is_found(three_events):
    forged = Event(
        seq=4, at=three_events[-1].at, actor_label="intruder", verb="test.forged", prev_hash="f" * 64, data={}
    )
    forged.hash = content_hash(forged)
    forged.save()
    result = verify_chain()
    assert not result.ok and result.bad_seq == 4


def test_the_audit_command_exits_zero_when_intact_and_nonzero_naming_the_entry(three_events, capsys):
    call_command("audit", "verify")
    assert "3" in capsys.readouterr().out
    Event.objects.filter(seq=1).update(verb="test.changed")
    with pytest.raises(SystemExit) as info:
        call_command("audit", "verify")
    assert info.value.code == 1
    assert "entry 1" in capsys.readouterr().err


def test_an_event_rolls_back_with_the_act_it_records(cast):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            record("test.doomed", actor=cast.clerk)
            raise RuntimeError("the act failed")
    assert not Event.objects.exists()
    assert ChainHead.objects.filter(seq__gt=0).count() == 0
    record("test.after", actor=cast.clerk)
    assert verify_chain().ok


def test_the_timeline_of_an_object_lists_only_its_events(three_events, cast):
    record("test.other", actor=cast.clerk, obj=cast.west_center)
    assert list(events_for(cast.east_center).values_list("seq", flat=True)) == [1, 2, 3]


def test_before_and_after_are_stored_with_the_event(cast):
    event = record("test.change", actor=cast.admin, before={"name": "旧"}, after={"name": "新"})
    event.refresh_from_db()
    assert event.data == {"before": {"name": "旧"}, "after": {"name": "新"}}
    assert verify_chain().ok


def test_dates_and_decimals_in_data_survive_the_round_trip_unchanged(cast):
    import datetime
    import decimal

    record("test.types", data={"d": datetime.date(2026, 1, 2), "x": decimal.Decimal("1.50")})
    assert verify_chain().ok


def test_many_events_appended_at_once_chain_like_single_ones(cast):
    from sunlight.events.log import record_many

    record("test.before", actor=cast.clerk)
    record_many(
        [
            {
                "verb": "test.bulk",
                "actor": cast.clerk,
                "org": cast.east_center,
                "obj": cast.east_center,
                "data": {"n": i},
            }
            for i in range(5)
        ]
    )
    record("test.after", actor=cast.clerk)
    assert list(Event.objects.values_list("seq", flat=True)) == list(range(1, 8))
    assert verify_chain().ok
    assert events_for(cast.east_center).count() == 5
