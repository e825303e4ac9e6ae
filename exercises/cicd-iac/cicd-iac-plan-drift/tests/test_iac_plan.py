from iac_plan import drift, plan, summary

FORCE_NEW = {"db_instance": {"engine", "region"}, "bucket": {"name"}}


def res(type_, **attrs):
    return {"type": type_, "attrs": attrs}


STATE = {
    "db.main": res("db_instance", engine="postgres16", size="small", region="eu-west-1"),
    "bucket.models": res("bucket", name="models-prod", versioning=True),
    "service.api": res("cloud_run", image="api@sha256:aaa", min_instances=1),
    "service.old": res("cloud_run", image="old@sha256:bbb"),
}


def test_no_changes_no_plan():
    assert plan(STATE, STATE, FORCE_NEW) == []
    assert summary([]) == "Plan: 0 to add, 0 to change, 0 to destroy."


def test_each_kind_of_action():
    desired = {
        "db.main": res("db_instance", engine="postgres16", size="large", region="eu-west-1"),
        "bucket.models": res("bucket", name="models-prod-v2", versioning=True),
        "service.api": res("cloud_run", image="api@sha256:ccc", min_instances=1),
        "service.worker": res("cloud_run", image="worker@sha256:ddd"),
    }
    assert plan(desired, STATE, FORCE_NEW) == [
        ("bucket.models", "replace"),
        ("db.main", "update"),
        ("service.api", "update"),
        ("service.old", "delete"),
        ("service.worker", "create"),
    ]


def test_force_new_attribute_added_or_removed_replaces():
    desired = dict(STATE, **{"db.main": res("db_instance", engine="postgres16", size="small")})
    assert plan(desired, STATE, FORCE_NEW) == [("db.main", "replace")]
    state = dict(STATE, **{"service.api": res("cloud_run", image="api@sha256:aaa")})
    assert plan(STATE, state, FORCE_NEW) == [("service.api", "update")]  # new optional attribute


def test_type_change_replaces():
    desired = dict(STATE, **{"service.api": res("k8s_deployment", image="api@sha256:aaa", min_instances=1)})
    assert plan(desired, STATE, FORCE_NEW) == [("service.api", "replace")]


def test_summary_counts_replacements_twice():
    actions = [("a", "replace"), ("b", "update"), ("c", "delete"), ("d", "create"), ("e", "update")]
    assert summary(actions) == "Plan: 2 to add, 2 to change, 2 to destroy."


def test_drift_from_console_edits_and_deletions():
    actual = {
        "db.main": {"engine": "postgres16", "size": "xlarge", "region": "eu-west-1"},  # resized by hand
        "bucket.models": {"name": "models-prod", "versioning": True},
        "service.api": {"image": "api@sha256:aaa", "min_instances": 1},
    }  # service.old was deleted in the console
    assert drift(STATE, actual) == ["db.main", "service.old"]
    assert drift(STATE, {a: r["attrs"] for a, r in STATE.items()}) == []
