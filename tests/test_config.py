import pytest

from queries import config
from queries.config import ConfigError


def test_the_environment_wins(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[connections.wijkmonitor]\nurl = "postgresql+psycopg://from-secrets/db"\n')
    monkeypatch.setattr(config, "secrets_files", lambda: [secrets])
    setting = config.database_setting({"WIJKMONITOR_DATABASE_URL": "sqlite:////tmp/x.db"})
    assert (setting.url, setting.is_embedded) == ("sqlite:////tmp/x.db", False)
    setting = config.database_setting({})
    assert (setting.url, setting.source) == ("postgresql+psycopg://from-secrets/db", str(secrets))


def test_the_project_secrets_file_wins_over_the_home_one(tmp_path, monkeypatch):
    home, project = tmp_path / "home.toml", tmp_path / "project.toml"
    home.write_text('[connections.wijkmonitor]\nurl = "sqlite:////home.db"\n')
    project.write_text('[connections.wijkmonitor]\nurl = "sqlite:////project.db"\n')
    monkeypatch.setattr(config, "secrets_files", lambda: [home, project])
    assert config.database_setting({}).url == "sqlite:////project.db"


def test_without_settings_the_embedded_demo(monkeypatch, tmp_path):
    monkeypatch.setattr(config, "secrets_files", lambda: [tmp_path / "none.toml"])
    setting = config.database_setting({})
    assert setting.is_embedded and setting.url == f"sqlite:///{config.EMBEDDED_DATABASE}"


def test_a_broken_secrets_file_is_a_clear_error(tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[connections.wijkmonitor\n")
    monkeypatch.setattr(config, "secrets_files", lambda: [secrets])
    with pytest.raises(ConfigError, match="is geen geldige TOML"):
        config.database_setting({})


def test_disclosure_rules_from_the_environment():
    rules = config.disclosure_rules({"WIJKMONITOR_MIN_COUNT": "10", "WIJKMONITOR_PROTECTION": "internal"})
    assert (rules.min_count, rules.protection, rules.min_respondents) == (10, "internal", 10)
    assert config.disclosure_rules({}).protection == "public"
    with pytest.raises(ConfigError, match="het beschermingsniveau moet een van public, internal zijn"):
        config.disclosure_rules({"WIJKMONITOR_PROTECTION": "open"})
    with pytest.raises(ConfigError, match="moet een geheel getal zijn, niet 'vijf'"):
        config.disclosure_rules({"WIJKMONITOR_MIN_COUNT": "vijf"})
    with pytest.raises(ConfigError, match="minstens 2"):
        config.disclosure_rules({"WIJKMONITOR_MIN_COUNT": "1"})


def test_the_public_address_comes_from_the_environment_without_a_trailing_slash():
    from queries import config

    assert config.public_url({"WIJKMONITOR_PUBLIC_URL": " https://wijkmonitor.example.nl/ "}) == "https://wijkmonitor.example.nl"


def test_without_a_public_address_the_link_takes_the_browsers(monkeypatch, tmp_path):
    from queries import config

    monkeypatch.setattr(config, "secrets_files", lambda: [tmp_path / "none.toml"])
    assert config.public_url({}) is None
