import pytest
from settings import Settings, SettingsError, load_settings


def test_defaults_and_other_variables_ignored():
    assert load_settings({"PATH": "/bin", "HOME": "/root"}) == Settings()


def test_every_setting_parsed():
    env = {"APP_MODEL": " qwen2.5:7b ", "APP_TIMEOUT_S": "2.5", "APP_MAX_RETRIES": "0", "APP_DEBUG": "Yes"}
    assert load_settings(env) == Settings(model="qwen2.5:7b", timeout_s=2.5, max_retries=0, debug=True)


@pytest.mark.parametrize(("text", "expected"), [("1", True), ("ON", True), ("false", False), (" off ", False)])
def test_booleans(text, expected):
    assert load_settings({"APP_DEBUG": text}).debug is expected


def test_all_problems_reported_at_once_sorted():
    env = {"APP_TIMEOUT_S": "0", "APP_MAX_RETRIES": "eleven", "APP_MODLE": "x", "APP_DEBUG": "maybe"}
    with pytest.raises(SettingsError) as caught:
        load_settings(env)
    problems = caught.value.problems
    assert len(problems) == 4
    assert problems == sorted(problems)
    assert [p.split(":")[0] for p in problems] == ["APP_DEBUG", "APP_MAX_RETRIES", "APP_MODLE", "APP_TIMEOUT_S"]


@pytest.mark.parametrize(
    "env",
    [{"APP_MODEL": "   "}, {"APP_MAX_RETRIES": "11"}, {"APP_MAX_RETRIES": "-1"}, {"APP_TIMEOUT_S": "nan"}],
)
def test_out_of_range_values_are_problems(env):
    with pytest.raises(SettingsError) as caught:
        load_settings(env)
    assert caught.value.problems[0].startswith(next(iter(env)))
