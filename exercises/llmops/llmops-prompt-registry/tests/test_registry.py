import dataclasses
import hashlib

import pytest
from registry import PromptRegistry

V1 = "Classify this email: {email}"
V2 = "You label support emails. Labels: billing, repair, other.\nEmail: {email}"


def test_versions_are_numbered_and_hashed():
    reg = PromptRegistry()
    first = reg.register("classify", V1)
    second = reg.register("classify", V2)
    assert (first.version, second.version) == (1, 2)
    assert first.sha256 == hashlib.sha256(V1.encode()).hexdigest()
    assert reg.register("other", V1).version == 1  # numbering is per prompt


def test_identical_template_does_not_create_a_version():
    reg = PromptRegistry()
    reg.register("classify", V1)
    assert reg.register("classify", V1).version == 1
    reg.register("classify", V2)
    assert reg.register("classify", V1).version == 3  # same as an older one, but not the latest


def test_versions_are_immutable():
    reg = PromptRegistry()
    v = reg.register("classify", V1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.template = "hacked"


def test_get_by_version_label_or_latest():
    reg = PromptRegistry()
    reg.register("classify", V1)
    reg.register("classify", V2)
    reg.set_label("classify", "production", 1)
    assert reg.get("classify").version == 2
    assert reg.get("classify", version=1).template == V1
    assert reg.get("classify", label="production").version == 1
    for kwargs in ({"version": 3}, {"version": 0}, {"label": "staging"}):
        with pytest.raises(KeyError):
            reg.get("classify", **kwargs)
    with pytest.raises(KeyError):
        reg.get("missing")
    with pytest.raises(KeyError):
        reg.set_label("classify", "production", 9)


def test_labels_move_and_roll_back():
    reg = PromptRegistry()
    for template in (V1, V2, V2 + "\nBe brief."):
        reg.register("classify", template)
    reg.set_label("classify", "production", 1)
    reg.set_label("classify", "production", 2)
    reg.set_label("classify", "production", 3)
    assert reg.rollback("classify", "production").version == 2
    assert reg.get("classify", label="production").version == 2
    assert reg.rollback("classify", "production").version == 1
    with pytest.raises(ValueError):
        reg.rollback("classify", "production")
    with pytest.raises(ValueError):
        reg.rollback("classify", "staging")


def test_render_returns_what_to_log():
    reg = PromptRegistry()
    reg.register("classify", V1)
    v2 = reg.register("classify", V2)
    reg.set_label("classify", "production", 2)
    text, meta = reg.render("classify", "production", email="My wheel wobbles")
    assert text.endswith("Email: My wheel wobbles")
    assert meta == {"prompt": "classify", "version": 2, "sha256": v2.sha256}
