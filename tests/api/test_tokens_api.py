"""Tokens: each is shown once; a lost or leaked one is replaced, and the old one stops working at once."""

from __future__ import annotations

import httpx

from tests.api.conftest import ADMIN, School
from tests.api.helpers_matrix import assert_problem


async def me(api: httpx.AsyncClient, headers: dict[str, str]) -> httpx.Response:
    return await api.get("/me", headers=headers)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_the_operator_replaces_a_lost_token_and_the_old_one_stops_working(
    api: httpx.AsyncClient, school: School
) -> None:
    user_id = (await me(api, school.curator)).json()["user_id"]
    replaced = await api.post(f"/admin/users/{user_id}/token", headers=ADMIN)
    assert replaced.status_code == 201, replaced.text
    assert replaced.json()["id"] == user_id and replaced.json()["role"] == "curator"

    assert (await me(api, school.curator)).status_code == 401
    assert (await me(api, bearer(replaced.json()["token"]))).json()["user_id"] == user_id


async def test_a_user_replaces_their_own_token(api: httpx.AsyncClient, school: School) -> None:
    replaced = await api.post("/me/token", headers=school.head)
    assert replaced.status_code == 201, replaced.text
    assert (await me(api, school.head)).status_code == 401
    assert (await me(api, bearer(replaced.json()["token"]))).json()["role"] == "head"


async def test_only_the_operator_replaces_someone_elses_token(api: httpx.AsyncClient, school: School) -> None:
    head_id = (await me(api, school.head)).json()["user_id"]
    refused = await api.post(f"/admin/users/{head_id}/token", headers=school.curator)
    assert_problem(refused, 403, "admin_only")
    assert (await me(api, school.head)).status_code == 200  # nothing changed


async def test_replacing_the_token_of_an_unknown_user_is_404(api: httpx.AsyncClient) -> None:
    assert_problem(await api.post("/admin/users/user-nobody/token", headers=ADMIN), 404, "not_found")


async def test_the_operators_token_is_a_setting_not_replaced_through_the_api(api: httpx.AsyncClient) -> None:
    assert_problem(await api.post("/me/token", headers=ADMIN), 409, "admin_token_is_a_setting", "token")
