"""Query codes for applicants without an account, and the guessing limit."""

from __future__ import annotations

import math
import re
from unittest import mock

import pytest
from django.test import override_settings

from sunlight import query_codes
from sunlight.crypto import blind_index
from sunlight.query_codes import (
    ALPHABET,
    InvalidQueryCode,
    check_rate,
    hash_query_code,
    new_query_code,
    normalize_query_code,
)

CODE_RE = re.compile(rf"^[{ALPHABET}]{{4}}(?:-[{ALPHABET}]{{4}}){{3}}$")


def test_the_alphabet_has_no_ambiguous_characters():
    assert not set("0O1IL") & set(ALPHABET)
    assert len(set(ALPHABET)) == len(ALPHABET) == 31
    assert ALPHABET.isascii() and ALPHABET == ALPHABET.upper()


def test_codes_are_grouped_and_drawn_from_the_alphabet():
    codes = {new_query_code() for _ in range(500)}
    assert len(codes) == 500
    assert all(CODE_RE.match(code) for code in codes)
    # 500 codes × 16 characters: every symbol of the alphabet shows up.
    assert set("".join(codes).replace("-", "")) == set(ALPHABET)


def test_codes_carry_at_least_60_bits():
    random_chars = len(new_query_code().replace("-", ""))
    assert random_chars * math.log2(len(ALPHABET)) >= 60
    assert query_codes.ENTROPY_BITS >= 60


def test_codes_come_from_secrets():
    with mock.patch.object(query_codes.secrets, "choice", return_value="K") as choice:
        assert new_query_code() == "KKKK-KKKK-KKKK-KKKK"
    assert choice.call_count == 16


@pytest.mark.parametrize(
    "typed",
    [
        "K7PX-3QMH-9TRA-W4NE",
        "k7px3qmh9traw4ne",
        " k7px 3qmh 9tra w4ne ",
        "Ｋ７ＰＸ－３ＱＭＨ－９ＴＲＡ－Ｗ４ＮＥ",
        "K7PX—3QMH–9TRA_W4NE",
        "k7px　3qmh　9tra　w4ne",
        "K7PX一3QMH一9TRA一W4NE",
    ],
)
def test_normalisation(typed):
    assert normalize_query_code(typed) == "K7PX-3QMH-9TRA-W4NE"


def test_normalisation_round_trip():
    for _ in range(50):
        code = new_query_code()
        assert normalize_query_code(code) == code
        assert normalize_query_code(code.lower().replace("-", " ")) == code


@pytest.mark.parametrize(
    "typed",
    ["", "K7PX-3QMH-9TRA", "K7PX-3QMH-9TRA-W4NE-A", "K7PX-3QMH-9TRA-W4N0", "K7PX-3QMH-9TRA-W4NI", "查询码K7PX3QMH9TRA"],
)
def test_invalid_codes_are_refused(typed):
    with pytest.raises(InvalidQueryCode):
        normalize_query_code(typed)
    assert issubclass(InvalidQueryCode, ValueError)


def test_the_hash_is_keyed_stable_and_matches_however_the_code_is_typed():
    code = "K7PX-3QMH-9TRA-W4NE"
    digest = hash_query_code(code)
    assert re.fullmatch(r"[0-9a-f]{64}", digest)
    assert hash_query_code("k7px 3qmh 9tra w4ne") == digest
    assert digest == blind_index(code, purpose="query_code")
    assert hash_query_code("K7PX-3QMH-9TRA-W4NF") != digest
    with override_settings(FIELD_INDEX_KEY=bytes(16)):
        assert hash_query_code(code) != digest
    with pytest.raises(InvalidQueryCode):
        hash_query_code("nonsense")


# --- rate limit ---------------------------------------------------------------------------------


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(db):
    from sunlight.throttle import store

    fake = Clock(1_800_000_000.0)  # a multiple of 60: the start of a window
    with mock.patch.object(store.time, "time", fake):
        yield fake


@pytest.fixture
def in_the_cache(settings):
    """With REDIS_URL the counters live in the cache (Redis); locmem stands in for it here."""
    settings.RATE_LIMIT_STORE = "cache"


def test_the_limit_blocks_after_the_limit_and_resets_with_the_next_window(clock):
    assert [check_rate("ip:203.0.113.9", limit=3, window_seconds=60) for _ in range(5)] == [
        True,
        True,
        True,
        False,
        False,
    ]
    clock.now += 59
    assert not check_rate("ip:203.0.113.9", limit=3, window_seconds=60)
    clock.now += 1
    assert check_rate("ip:203.0.113.9", limit=3, window_seconds=60)


def test_the_limit_holds_in_the_cache_store_too(clock, in_the_cache):
    assert [check_rate("ip:203.0.113.9", limit=2, window_seconds=60) for _ in range(3)] == [True, True, False]


def test_keys_and_windows_are_counted_apart(clock):
    assert check_rate("a", limit=1, window_seconds=60)
    assert not check_rate("a", limit=1, window_seconds=60)
    assert check_rate("b", limit=1, window_seconds=60)
    assert check_rate("a", limit=1, window_seconds=3600)


def test_the_counter_expires_in_the_cache_when_its_window_ends(clock, in_the_cache):
    from django.core.cache import cache

    clock.now += 45
    with mock.patch.object(cache, "add", wraps=cache.add) as add:
        check_rate("k", limit=5, window_seconds=60)
    timeout = add.call_args.args[2]
    assert 15 <= timeout <= 17


def test_an_entry_expiring_between_add_and_incr_counts_as_a_first_attempt(clock, in_the_cache):
    from django.core.cache import cache

    with mock.patch.object(cache, "add", return_value=False), mock.patch.object(cache, "incr", side_effect=ValueError):
        assert check_rate("k", limit=1, window_seconds=60)


def test_nonsense_limits_are_refused():
    with pytest.raises(ValueError):
        check_rate("k", limit=0, window_seconds=60)
    with pytest.raises(ValueError):
        check_rate("k", limit=1, window_seconds=0)
