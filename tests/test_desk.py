"""The lawyers' desk over HTTP: sign-in, authorisation on every route, CSRF, lock-out, headers."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from desk.web import create_app
from stores.lawyers import Lawyers, hash_password, verify_password
from stores.tickets import Tickets
from testing.stack import stack_env

PASSWORD = "correct horse battery"


@pytest.fixture()
def desk(tmp_path, environment):
    settings = environment(stack_env(tmp_path))
    tickets = Tickets(settings.cases_db)
    Lawyers(tickets.db).add("wang", "王律师", PASSWORD)
    ticket = tickets.create(topic="wage_arrears", urgency="high", reasons=["涉及金额较大"], facts={"amount_owed": 90000},
                            calculations=[], transcript=[{"from": "worker", "text": "<script>alert(1)</script>欠薪"}],
                            channel="telegram", chat_id="42", consent=True)
    client = TestClient(create_app(settings), follow_redirects=False)
    yield client, tickets, ticket
    tickets.disconnect()


def token(client: TestClient, path: str = "/login") -> str:
    return re.search(r'name="csrf" value="([^"]+)"', client.get(path).text).group(1)


def sign_in(client: TestClient, password: str = PASSWORD):
    return client.post("/login", data={"username": "wang", "password": password, "csrf": token(client)})


def test_passwords_are_hashed_with_scrypt_and_salted():
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("scrypt$") and first != second and PASSWORD not in first
    assert verify_password(PASSWORD, first) and not verify_password("wrong password!", first)


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/"), ("get", "/tickets/X"), ("post", "/tickets/X/claim"), ("post", "/tickets/X/reply"),
    ("post", "/tickets/X/resolve"), ("post", "/tickets/X/close"), ("post", "/tickets/X/note"),
    ("post", "/tickets/X/reassign"), ("post", "/tickets/X/reopen"),
])
def test_nobody_signed_out_sees_or_changes_a_ticket(desk, method, path):
    client, _, ticket = desk
    response = getattr(client, method)(path.replace("X", ticket))
    assert response.status_code == 303 and response.headers["location"] == "/login"


def test_a_lawyer_signs_in_and_sees_the_queue_with_escaped_worker_text(desk):
    client, _, ticket = desk
    assert sign_in(client).status_code == 303
    queue = client.get("/")
    assert ticket in queue.text and "涉及金额较大" in queue.text
    page = client.get(f"/tickets/{ticket}")
    assert "&lt;script&gt;" in page.text and "<script>alert" not in page.text


def test_forms_without_the_session_token_are_refused(desk):
    client, tickets, ticket = desk
    sign_in(client)
    response = client.post(f"/tickets/{ticket}/claim", data={"csrf": "forged"})
    assert response.status_code == 403
    assert tickets.get(ticket)["status"] == "new"


def test_an_invalid_move_is_explained_not_crashed(desk):
    client, _, ticket = desk
    sign_in(client)
    response = client.post(f"/tickets/{ticket}/resolve",  # not claimed yet
                           data={"csrf": token(client, f"/tickets/{ticket}"), "outcome": "advice_given"})
    assert response.status_code == 303
    follow = client.get(response.headers["location"])
    assert "不能改为" in follow.text


def test_repeated_wrong_passwords_lock_the_account(desk):
    client, _, _ = desk
    for _ in range(5):
        assert sign_in(client, "wrong password!").status_code == 401
    locked = sign_in(client)
    assert locked.status_code == 401 and "失败次数太多" in locked.text


def test_security_headers_are_set(desk):
    client, _, _ = desk
    headers = client.get("/login").headers
    assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in headers["content-security-policy"]


def test_any_text_in_the_desk_forms_is_stored_or_refused_never_a_crash(desk):
    """Fuzz the reply, note and amount fields with arbitrary text (SQL, HTML, templates …)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    client, tickets, ticket = desk
    sign_in(client)
    page = f"/tickets/{ticket}"
    client.post(f"{page}/claim", data={"csrf": token(client, page)})
    csrf = token(client, page)
    samples = st.one_of(st.text(max_size=300), st.sampled_from([
        "'; DROP TABLE tickets; --", "<script>alert(1)</script>", "{{ 7*7 }}", "${jndi:ldap://x}", "\x00\x01",
        "💥" * 50, "1e309", "-5", "NaN"]))

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text=samples, amount=samples)
    def fuzz(text: str, amount: str) -> None:
        for action, data in (("note", {"text": text}), ("reply", {"text": text}),
                             ("resolve", {"outcome": "advice_given", "amount": amount})):
            response = client.post(f"{page}/{action}", data={"csrf": csrf, **data})
            assert response.status_code == 303, (action, data, response.status_code)
            if tickets.get(ticket)["status"] == "resolved":
                client.post(f"{page}/reopen", data={"csrf": csrf})
        shown = client.get(page)
        assert shown.status_code == 200 and "<script>alert(1)</script>" not in shown.text

    fuzz()
    assert tickets.db["tickets"].count == 1  # nothing dropped, nothing injected


PUBLIC = {"/login", "/logout", "/healthz", "/api/tickets"}  # sign-in, health check, the service-token API


def open_to_the_signed_out(client: TestClient, ticket: str) -> list[str]:
    """Every route of the app, asked by a signed-out visitor (with a valid form token, so only
    the sign-in check can stop it): those that answer 200, or anything but a redirect to /login.
    FastAPI keeps included routers whole in `app.routes`; `iter_route_contexts` (what its
    OpenAPI generator uses) lists their routes with the full path."""
    csrf = token(client)
    found = []
    for route in iter_route_contexts(client.app.routes):
        if not isinstance(route.original_route, APIRoute) or route.path in PUBLIC:
            continue
        path = route.path.replace("{ticket_id}", ticket).replace("{action}", "anything").replace("{reply_id}", "1")
        assert "{" not in path, f"a path parameter this test does not know: {route.path}"
        for method in sorted(route.methods - {"HEAD"}):
            response = client.request(method, path, data={"csrf": csrf} if method == "POST" else None)
            if response.status_code == 200 or response.headers.get("location") != "/login":
                found.append(f"{method} {route.path} → {response.status_code}")
    return found


def test_every_route_but_sign_in_health_and_the_api_needs_a_signed_in_lawyer(desk):
    client, _, ticket = desk
    assert len(list(iter_route_contexts(client.app.routes))) >= 14  # the walk sees the whole desk
    assert open_to_the_signed_out(client, ticket) == []


def test_the_route_walk_notices_a_forgotten_check(desk):
    client, _, ticket = desk
    client.app.add_api_route("/forgotten/{ticket_id}", lambda ticket_id: {"case": ticket_id}, methods=["GET"])
    assert open_to_the_signed_out(client, ticket) == ["GET /forgotten/{ticket_id} → 200"]
