"""Settings: one declaration, every one documented in the README, environment overrides."""
from __future__ import annotations

import pathlib

import pytest

from analytics import settings

README = pathlib.Path(__file__).resolve().parent.parent / "README.md"


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented(setting):
    row = f"| `{setting.name}` | `{setting.env_var}` | `{setting.default}` | {setting.help} |"
    assert row in README.read_text(encoding="utf-8")


def test_environment_then_override(monkeypatch):
    monkeypatch.setenv("MEDIA_ANALYTICS_PORT", "9001")
    assert settings.get("port") == 9001
    assert settings.get("port", 9002) == 9002
    monkeypatch.setenv("MEDIA_ANALYTICS_PORT", "nine")
    with pytest.raises(ValueError, match="MEDIA_ANALYTICS_PORT='nine' is not a whole number"):
        settings.get("port")
    monkeypatch.delenv("MEDIA_ANALYTICS_PORT")
    assert settings.get("port") == 8050
