from datetime import timedelta

from django.utils import timezone

from sunlight.accounts.models import ApiToken


def test_only_the_hash_of_a_token_is_stored(cast):
    token, plain = ApiToken.issue(cast.clerk, "test")
    assert plain not in token.key_hash and len(token.key_hash) == 64
    assert ApiToken.authenticate(plain) == cast.clerk


def test_expired_revoked_and_unknown_tokens_authenticate_no_one(cast):
    token, plain = ApiToken.issue(cast.clerk, "test")
    assert ApiToken.authenticate(plain + "x") is None
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert ApiToken.authenticate(plain) is None
    token.expires_at = timezone.now() + timedelta(days=1)
    token.revoked_at = timezone.now()
    token.save()
    assert ApiToken.authenticate(plain) is None


def test_a_deactivated_user_loses_token_access(cast):
    _token, plain = ApiToken.issue(cast.clerk, "test")
    cast.clerk.is_active = False
    cast.clerk.save()
    assert ApiToken.authenticate(plain) is None
