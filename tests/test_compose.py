"""docker-compose.yml against the code: Docker does not run here, so the compose file is read as data and
each service's command, ports and environment are checked against the entry points and settings we have.
One test per rule."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import json
import os
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from fastapi import FastAPI
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from config import LOCAL_ADMIN_TOKEN, Settings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
PREFIX = str(Settings.model_config.get("env_prefix", ""))
# What an operator exports before `docker compose up`: the compose file has no defaults for secrets.
SECRETS = {"NASTAVNIK_ADMIN_TOKEN": "a-real-secret-of-the-district", "POSTGRES_PASSWORD": "a-db-password"}

_VARIABLE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


@cache
def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return loaded


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = compose()["services"]
    return found


def our_services() -> list[str]:
    """The services built from our Dockerfile: they run our code and read config.Settings."""
    return [name for name, service in services().items() if "build" in service]


def environment(service: str) -> dict[str, str]:
    """A service's environment as a mapping, whichever of compose's two forms it uses."""
    raw = services()[service].get("environment") or {}
    if isinstance(raw, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in raw)
    return {str(key): "" if value is None else str(value) for key, value in raw.items()}


def interpolate(value: str, variables: Mapping[str, str]) -> str:
    """Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}` and `$$`."""

    def substitute(match: re.Match[str]) -> str:
        name, op, arg = match["name"], match["op"], match["arg"] or ""
        present = name in variables
        empty = not variables.get(name)
        if op in (":-", "-"):
            return arg if (empty if op == ":-" else not present) else variables[name]
        if op in (":?", "?") and (empty if op == ":?" else not present):
            raise LookupError(f"{name}: {arg}")
        return variables.get(name, "")

    return _VARIABLE.sub(substitute, value.replace("$$", "\0")).replace("\0", "$")


def command(service: str) -> list[str]:
    raw = services()[service]["command"]
    return raw.split() if isinstance(raw, str) else [str(part) for part in raw]


def option(args: list[str], name: str) -> str:
    assert name in args, f"{name} missing from {args}"
    return args[args.index(name) + 1]


def settings_from(service: str, monkeypatch: pytest.MonkeyPatch, variables: Mapping[str, str]) -> Settings:
    """config.Settings as the service's container builds it: only the compose environment, no .env file."""
    for name in [name for name in os.environ if name.startswith(PREFIX)]:
        monkeypatch.delenv(name)
    for name, value in environment(service).items():
        monkeypatch.setenv(name, interpolate(value, variables))
    return Settings(_env_file=None)


def _has_main_guard(path: Path) -> bool:
    tree = ast.parse(path.read_text())
    return any(isinstance(node, ast.If) and "__main__" in ast.unparse(node.test) for node in tree.body)


def check_entry_point(args: list[str]) -> None:
    """`python -m module`, `python script.py` or `uvicorn module:attribute` must name code we have."""
    program = Path(args[0]).name
    if program.startswith("python") and args[1] == "-m":
        spec = importlib.util.find_spec(args[2])
        assert spec is not None and spec.origin is not None, f"no module {args[2]}"
        assert _has_main_guard(Path(spec.origin)), f"{args[2]} does nothing when run with -m"
    elif program.startswith("python"):
        script = ROOT / args[1]
        assert script.is_file(), f"{args[1]} does not exist"
        assert _has_main_guard(script), f"{args[1]} has no `if __name__ == '__main__'`"
        module = importlib.import_module(script.stem)
        assert callable(getattr(module, "main", None)), f"{args[1]} has no main()"
    elif program == "uvicorn":
        target = next(arg for arg in args[1:] if not arg.startswith("-"))
        module_name, _, attribute = target.partition(":")
        app = getattr(importlib.import_module(module_name), attribute or "app")
        assert isinstance(app, FastAPI), f"{target} is not a FastAPI application"
    else:
        pytest.fail(f"unknown kind of entry point: {args}")


def test_our_services_run_existing_entry_points() -> None:
    assert sorted(our_services()) == ["api", "migrate", "temporal-setup", "worker"]
    assert command("migrate")[1:] == ["-m", "db.migrate"]
    assert command("temporal-setup")[1:] == ["-m", "temporal_setup"]
    assert command("worker")[1:] == ["worker.py"]
    assert command("api")[:2] == ["uvicorn", "api.app:app"]
    for service in our_services():
        check_entry_point(command(service))


def test_dockerfile_default_command_is_the_api() -> None:
    cmd = [line for line in DOCKERFILE.read_text().splitlines() if line.startswith("CMD ")]
    assert len(cmd) == 1
    assert json.loads(cmd[0].removeprefix("CMD ")) == command("api")
    check_entry_point(command("api"))


def test_every_nastavnik_variable_is_a_settings_field() -> None:
    fields = {f"{PREFIX}{name}".upper() for name in Settings.model_fields}
    used = set(re.findall(rf"\b{PREFIX}[A-Z0-9_]+\b", COMPOSE_FILE.read_text()))
    assert used, "the compose file sets no settings"
    assert used <= fields, f"not settings: {sorted(used - fields)}"


def test_api_port_matches_its_command() -> None:
    port = option(command("api"), "--port")
    published = [str(mapping).split(":")[-1] for mapping in services()["api"]["ports"]]
    assert published == [port]
    assert environment("api").get(f"{PREFIX}API_PORT", port) == port
    assert urlsplit(interpolate(environment("api")[f"{PREFIX}PUBLIC_URL"], SECRETS)).port == int(port)
    probe = " ".join(services()["api"]["healthcheck"]["test"])
    assert f"127.0.0.1:{port}/health" in probe


def test_worker_is_scalable() -> None:
    worker = services()["worker"]
    for fixed in ("container_name", "ports", "hostname"):
        assert fixed not in worker, f"worker has {fixed}: `--scale worker=N` would clash"


def test_worker_metrics_port_is_exposed_not_published() -> None:
    port = environment("worker").get(
        f"{PREFIX}METRICS_PORT", str(Settings.model_fields["metrics_port"].default)
    )
    sdk_port = environment("worker")[f"{PREFIX}SDK_METRICS_ADDRESS"].rsplit(":", 1)[1]
    assert [str(exposed) for exposed in services()["worker"].get("expose", [])] == [port, sdk_port]


def test_health_checks_exist_where_services_wait_for_them() -> None:
    awaited = {
        name
        for service in services().values()
        for name, condition in (service.get("depends_on") or {}).items()
        if isinstance(condition, dict) and condition.get("condition") == "service_healthy"
    }
    assert {"postgres", "temporal"} <= awaited
    for name in awaited | {"api"}:
        healthcheck = services()[name].get("healthcheck") or {}
        assert healthcheck.get("test") and not healthcheck.get("disable"), f"{name} has no health check"
    assert "pg_isready" in services()["postgres"]["healthcheck"]["test"]
    assert "/health" in importlib.import_module("api.app").app.openapi()["paths"]


def test_api_waits_for_migration_and_temporal() -> None:
    for service in ("api", "worker"):
        depends = services()[service]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully"
        assert depends["temporal"]["condition"] == "service_healthy"
    assert services()["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services()["migrate"].get("restart") == "no"


def test_workflows_run_only_after_their_search_attributes_are_registered() -> None:
    """A workflow upserting an attribute the server does not know fails its tasks for good (issue 13 §6)."""
    for service in ("api", "worker"):
        depends = services()[service]["depends_on"]
        assert depends["temporal-setup"]["condition"] == "service_completed_successfully"
    assert services()["temporal-setup"]["depends_on"]["temporal"]["condition"] == "service_healthy"
    assert services()["temporal-setup"].get("restart") == "no"


def test_temporal_has_its_own_databases_in_the_same_postgres() -> None:
    temporal = environment("temporal")
    app_database = make_url(interpolate(environment("api")[f"{PREFIX}DATABASE_URL"], SECRETS))
    assert temporal["DB"] == "postgres12"
    assert temporal["POSTGRES_SEEDS"] == app_database.host == "postgres"
    assert temporal["POSTGRES_USER"] == app_database.username
    own = {temporal["DBNAME"], temporal["VISIBILITY_DBNAME"]}
    assert own == {"temporal", "temporal_visibility"}
    assert app_database.database not in own
    host, _, port = environment("api")[f"{PREFIX}TEMPORAL_ADDRESS"].rpartition(":")
    assert host in services() and port == "7233"


def test_our_services_share_one_environment() -> None:
    worker = environment("worker")
    assert environment("migrate") == worker
    assert environment("api").items() >= worker.items()


def test_settings_validate_from_each_service_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for service in our_services():
        settings = settings_from(service, monkeypatch, SECRETS)
        assert settings.environment == "production"
        assert settings.admin_token == SECRETS["NASTAVNIK_ADMIN_TOKEN"]
        url = make_url(settings.database_url)
        assert url.drivername == "postgresql+psycopg"
        url.get_dialect()  # the driver is installed (psycopg in requirements.lock)


def test_production_refuses_a_missing_or_placeholder_admin_token(monkeypatch: pytest.MonkeyPatch) -> None:
    without_token = {name: value for name, value in SECRETS.items() if name != "NASTAVNIK_ADMIN_TOKEN"}
    with pytest.raises(LookupError, match="NASTAVNIK_ADMIN_TOKEN"):
        settings_from("api", monkeypatch, without_token)
    with pytest.raises(ValidationError, match="NASTAVNIK_ADMIN_TOKEN"):
        settings_from("api", monkeypatch, {**SECRETS, "NASTAVNIK_ADMIN_TOKEN": LOCAL_ADMIN_TOKEN})
