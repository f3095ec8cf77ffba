from sunlight.accounts.models import User
from sunlight.orgs.codes import make_credit_code


def test_a_citizen_can_register_and_reach_their_page(client, db):
    response = client.post(
        "/accounts/register",
        {
            "username": "newcitizen",
            "kind": "citizen",
            "display_name": "新市民",
            "phone": "",
            "credit_code": "",
            "password1": "Long-enough-2026",
            "password2": "Long-enough-2026",
        },
        follow=True,
    )
    assert response.status_code == 200 and "新市民" in response.content.decode()
    assert User.objects.get(username="newcitizen").kind == "citizen"


def test_a_company_must_give_a_valid_credit_code(client, db):
    data = {
        "username": "company",
        "kind": "legal_person",
        "display_name": "某公司",
        "phone": "",
        "password1": "Long-enough-2026",
        "password2": "Long-enough-2026",
    }
    response = client.post("/accounts/register", {**data, "credit_code": "91350100M000100Y44"})
    assert response.status_code == 400 and "统一社会信用代码" in response.content.decode()
    response = client.post("/accounts/register", {**data, "credit_code": ""})
    assert response.status_code == 400
    assert not User.objects.filter(username="company").exists()
    good = make_credit_code("91", "990100", "12345678")
    assert client.post("/accounts/register", {**data, "credit_code": good}).status_code == 302


def test_public_login_and_logout(client, cast):
    response = client.post("/accounts/login", {"username": "citizen", "password": cast.password})
    assert response.status_code == 302
    assert client.get("/accounts/me").status_code == 200
    client.post("/accounts/logout")
    assert client.get("/accounts/me").status_code == 302


def test_a_wrong_public_password_is_a_400(client, cast):
    assert client.post("/accounts/login", {"username": "citizen", "password": "x"}).status_code == 400
