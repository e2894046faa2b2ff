"""Settings come from options, KB_* variables, a settings file, then defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.settings import load_settings


def test_defaults_apply_when_nothing_is_set() -> None:
    settings = load_settings(env={"HOME": "/home/someone"})
    assert settings.host == "127.0.0.1"
    assert settings.port == 8080
    assert settings.store_location == "/home/someone/.local/share/kb-events/store"


def test_environment_overrides_file_and_option_overrides_environment(tmp_path: Path) -> None:
    file = tmp_path / "kb.toml"
    file.write_text('port = 9000\nstore = "/srv/kb"\n', encoding="utf-8")
    env = {"KB_SETTINGS_FILE": str(file), "KB_PORT": "9100"}
    assert load_settings(env=env).port == 9100
    assert load_settings(env=env).store_location == "/srv/kb"
    assert load_settings({"port": 9200}, env=env).port == 9200


def test_a_bad_value_names_the_variable() -> None:
    with pytest.raises(ValueError, match="KB_PORT"):
        load_settings(env={"KB_PORT": "eighty"})


def test_an_unknown_setting_in_the_file_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "kb.toml"
    file.write_text("prot = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="prot"):
        load_settings(env={"KB_SETTINGS_FILE": str(file)})
