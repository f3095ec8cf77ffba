from ninja import Router, Schema

from sunlight.api.auth import staff_or_token_auth
from sunlight.orgs.scope import memberships

router = Router(auth=staff_or_token_auth())


class MembershipOut(Schema):
    org_id: int
    org_name: str
    role: str


class MeOut(Schema):
    username: str
    display_name: str
    kind: str
    memberships: list[MembershipOut]


@router.get("", response=MeOut, summary="当前账户 / The signed-in account")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "display_name": user.display_name,
        "kind": user.kind,
        "memberships": [{"org_id": m.org_id, "org_name": m.org.name, "role": m.role} for m in memberships(user)],
    }
