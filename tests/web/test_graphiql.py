"""GraphiQL at GET /graphql: served from this server's own files, per SHOPDB_GRAPHIQL mode."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from shopdb_gql.settings import Access
from tests.harness import PASSWORDS, Client, Server, login
from tests.harness import test_settings as settings_for

ROOT = Path(__file__).resolve().parent.parent.parent
BUILT = ROOT / "frontend" / "dist"
HTML = {"accept": "text/html"}
URL = re.compile(r"(?:https?:)?//[^\s\"'<>)]+", re.I)
CSS_REMOTE = re.compile(r"""(?:url\(|@import)\s*["']?(?:https?:)?//""", re.I)
ASSET = re.compile(r"""(?:src|href)=["']([^"']+)["']""")
built = pytest.mark.skipif(not (BUILT / "graphiql" / "index.html").is_file(),
                           reason="GraphiQL is not built: make frontend-build")


def _external(page: str, origin: str) -> list[str]:
    """Absolute and scheme-relative URLs in ``page`` that do not point at ``origin``."""
    own = origin.split("://", 1)[1]
    return [u for u in URL.findall(page) if u.split("//", 1)[1].split("/", 1)[0] != own]


@pytest.fixture(scope="module")
def servers(database_url: str) -> Iterator[dict[str, Server]]:
    """GraphiQL built (when it is), per mode; plus a server whose frontend is not built."""
    made = {mode.value: Server(settings_for(database_url, graphiql=mode, frontend_dist=BUILT)).start()
            for mode in Access}
    made["unbuilt"] = Server(settings_for(database_url, graphiql=Access.ON)).start()
    yield made
    for server in made.values():
        server.stop()


def _page(server: Server, token: str | None = None) -> httpx.Response:
    headers = {**HTML, **({"authorization": f"Bearer {token}"} if token else {})}
    return httpx.get(f"{server.url}/graphql", headers=headers, timeout=30)


def _token(server: Server) -> str:
    token: str = login(Client(server.url), "viewer", PASSWORDS["viewer"])["accessToken"]
    return token


def test_page_loads_nothing_from_another_origin(servers: dict[str, Server]) -> None:
    for name in ("on", "unbuilt"):
        response = _page(servers[name])
        assert response.status_code == 200
        assert _external(response.text, servers[name].url) == [], response.text


def test_unbuilt_frontend_says_how_to_build(servers: dict[str, Server]) -> None:
    response = _page(servers["unbuilt"])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "make frontend-build" in response.text


@built
def test_built_page_and_its_assets_are_served_here(servers: dict[str, Server]) -> None:
    server = servers["on"]
    page = _page(server).text
    assets = ASSET.findall(page)
    assert assets and all(a.startswith("/graphiql/assets/") for a in assets), assets
    for asset in assets:
        response = httpx.get(server.url + asset, timeout=30)
        assert response.status_code == 200, asset
        if asset.endswith(".css"):  # no remote fonts or imports (the e2e test covers scripts)
            assert not CSS_REMOTE.search(response.text), asset


def test_authenticated_mode_shows_anonymous_a_sign_in_hint(servers: dict[str, Server]) -> None:
    server = servers["authenticated"]
    anonymous = _page(server)
    assert anonymous.status_code == 200
    assert 'href="/login"' in anonymous.text and "/graphiql/assets/" not in anonymous.text
    signed_in = _page(server, _token(server))
    assert signed_in.status_code == 200 and "Sign in to use GraphiQL" not in signed_in.text


def test_authenticated_mode_accepts_the_session_cookie(servers: dict[str, Server]) -> None:
    server = servers["authenticated"]
    with httpx.Client(base_url=server.url, timeout=30) as browser:
        browser.post("/graphql", json={"query": "mutation { login(username: \"viewer\", "
                                       f"password: \"{PASSWORDS['viewer']}\") {{ errors {{ code }} }} }}"})
        assert "shopdb_access" in browser.cookies
        page = browser.get("/graphql", headers=HTML)
    assert page.status_code == 200 and "Sign in to use GraphiQL" not in page.text


def test_off_mode_is_not_found_for_everyone(servers: dict[str, Server]) -> None:
    server = servers["off"]
    for token in (None, _token(server)):
        response = _page(server, token)
        assert response.status_code == 404
        assert "GraphiQL" in response.text and "/graphiql/assets/" not in response.text


def test_api_is_unaffected_by_the_ide_setting(servers: dict[str, Server]) -> None:
    body = Client(servers["off"].url).execute("{ __typename }")
    assert body == {"data": {"__typename": "Query"}}
