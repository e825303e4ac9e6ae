import copy

import pytest
from k8s_check import check, parse_memory

GOOD = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "llm-api"},
    "spec": {
        "replicas": 2,
        "template": {
            "spec": {
                "containers": [
                    {
                        "name": "api",
                        "image": "registry.example.com/llm-api@sha256:" + "b" * 64,
                        "resources": {
                            "requests": {"cpu": "500m", "memory": "1Gi", "nvidia.com/gpu": 1},
                            "limits": {"cpu": "2", "memory": "2Gi", "nvidia.com/gpu": 1},
                        },
                        "readinessProbe": {"httpGet": {"path": "/ready", "port": 8000}},
                    }
                ]
            }
        },
    },
}


def container(d):
    return d["spec"]["template"]["spec"]["containers"][0]


def test_parse_memory_binary_and_decimal():
    assert parse_memory("512Mi") == 512 * 2**20
    assert parse_memory("2Gi") == 2 * 2**30
    assert parse_memory("1G") == 10**9
    assert parse_memory("500M") == 500 * 10**6
    assert parse_memory("1024") == 1024
    with pytest.raises(ValueError):
        parse_memory("lots")


def test_a_good_deployment_passes():
    assert check(GOOD) == []


def test_missing_resources_and_probe():
    d = copy.deepcopy(GOOD)
    del container(d)["resources"]["limits"]["memory"]
    del container(d)["resources"]["requests"]["cpu"]
    del container(d)["readinessProbe"]
    assert check(d) == [("api", "limits"), ("api", "readiness_probe"), ("api", "requests")]


def test_units_are_compared_not_strings():
    d = copy.deepcopy(GOOD)
    container(d)["resources"]["requests"]["memory"] = "1100M"  # 1.1e9 bytes > 1Gi (1.07e9)
    container(d)["resources"]["limits"]["memory"] = "1Gi"
    assert check(d) == [("api", "memory_limit_below_request")]
    container(d)["resources"]["requests"]["memory"] = "1000Mi"  # 1.05e9 < 1Gi
    assert check(d) == []


@pytest.mark.parametrize(
    "image, bad",
    [
        ("python", True),
        ("python:latest", True),
        ("registry:5000/team/api", True),
        ("registry:5000/team/api:1.2", False),
    ],
)
def test_image_pinning(image, bad):
    d = copy.deepcopy(GOOD)
    container(d)["image"] = image
    assert (("api", "image_tag") in check(d)) is bad


def test_gpus_belong_in_limits():
    d = copy.deepcopy(GOOD)
    del container(d)["resources"]["limits"]["nvidia.com/gpu"]
    assert check(d) == [("api", "gpu")]
    container(d)["resources"]["limits"]["nvidia.com/gpu"] = 2
    assert check(d) == [("api", "gpu")]
    d2 = copy.deepcopy(GOOD)
    del container(d2)["resources"]["requests"]["nvidia.com/gpu"]  # limits only: fine
    assert check(d2) == []


def test_replicas_default_to_one():
    d = copy.deepcopy(GOOD)
    del d["spec"]["replicas"]
    assert check(d) == [("deployment", "replicas")]
