"""Settings of the service, all from the environment (NASTAVNIK_…); defaults are the embedded system."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent
LOCAL_ADMIN_TOKEN = "local-admin-token"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NASTAVNIK_", env_file=".env", extra="ignore")

    environment: Literal["local", "test", "production"] = "local"
    database_url: str = f"sqlite:///{ROOT / '.data' / 'nastavnik.db'}"
    temporal_address: str = "127.0.0.1:7233"
    temporal_namespace: str = "default"
    task_queue: str = "nastavnik"
    api_host: str = "127.0.0.1"
    api_port: int = 8000
    public_url: str = "http://127.0.0.1:8000"
    # The operator's token for creating organisations and users; a placeholder is refused in production.
    admin_token: str = LOCAL_ADMIN_TOKEN
    # Events after which a pair workflow continues as new, keeping its history bounded.
    continue_as_new_after_events: int = 500
    log_level: str = "INFO"
    metrics_port: int = 9464  # the worker's Prometheus endpoint (transitions are counted there)
    # The Temporal SDK's own metrics (workflow/activity task latencies, polls, slots); empty: not exported.
    sdk_metrics_address: str = "127.0.0.1:9465"
    # Notifications: always written to the outbox; sent by SMTP only when smtp_host is set.
    smtp_host: str | None = None
    smtp_port: int = 25
    smtp_from: str = "nastavnik@localhost"
    smtp_starttls: bool = False
    smtp_username: str | None = None
    smtp_password: str | None = None
    # A school's own .docx templates (its letterhead): a file here with the name of a shipped template
    # (documents/templates/*.docx) is used instead of it; the rest stay the shipped ones.
    documents_templates_dir: Path | None = None

    @model_validator(mode="after")
    def _no_placeholder_secrets_in_production(self) -> Settings:
        if self.environment == "production" and self.admin_token == LOCAL_ADMIN_TOKEN:
            raise ValueError("NASTAVNIK_ADMIN_TOKEN must be set to a secret in production")
        return self


settings = Settings()
