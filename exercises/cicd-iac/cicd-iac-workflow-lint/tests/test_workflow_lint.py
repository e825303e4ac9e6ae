from workflow_lint import lint

SHA = "11bd71901bbe5b1630ceea73d27597364c9af683"


def good():
    return {
        "name": "ci",
        "on": ["pull_request"],
        "permissions": {"contents": "read"},
        "jobs": {
            "test": {
                "runs-on": "ubuntu-latest",
                "timeout-minutes": 20,
                "steps": [
                    {"uses": f"actions/checkout@{SHA}"},
                    {"uses": "./.github/actions/setup"},
                    {"run": "pytest -q", "env": {"TOKEN": "${{ secrets.HF_TOKEN }}"}},
                ],
            }
        },
    }


def test_a_hardened_workflow_is_clean():
    assert lint(good()) == []


def test_unpinned_actions():
    wf = good()
    steps = wf["jobs"]["test"]["steps"]
    steps[0]["uses"] = "actions/checkout@v4"
    steps.append({"uses": "docker://python:3.12"})
    steps.append({"uses": "docker://python@sha256:" + "a" * 64})
    steps.append({"uses": f"actions/setup-python@{SHA[:7]}"})  # a short SHA is not a pin
    assert lint(wf) == [
        ("jobs.test.steps[0]", "GH001"),
        ("jobs.test.steps[3]", "GH001"),
        ("jobs.test.steps[5]", "GH001"),
    ]


def test_permissions_at_workflow_or_job_level():
    wf = good()
    del wf["permissions"]
    assert lint(wf) == [("workflow", "GH002")]
    wf["jobs"]["test"]["permissions"] = {"contents": "read"}
    assert lint(wf) == []


def test_pull_request_target_with_head_checkout():
    wf = good()
    wf[True] = {"pull_request_target": {"types": ["opened"]}}  # how PyYAML loads a bare `on:` key
    del wf["on"]
    wf["jobs"]["test"]["steps"][0]["with"] = {"ref": "${{ github.event.pull_request.head.sha }}"}
    assert lint(wf) == [("jobs.test.steps[0]", "GH003")]
    wf[True] = "pull_request"
    assert lint(wf) == []  # the same checkout is fine without pull_request_target


def test_jobs_need_a_timeout():
    wf = good()
    wf["jobs"]["deploy"] = {"runs-on": "ubuntu-latest", "steps": [{"run": "make deploy"}]}
    assert lint(wf) == [("jobs.deploy", "GH004")]


def test_script_injection_in_run():
    wf = good()
    wf["jobs"]["test"]["steps"] += [
        {"run": 'echo "${{ github.event.pull_request.title }}"'},
        {"run": "curl -H 'Authorization: ${{secrets.API_KEY}}' https://example.com"},
        {"run": "echo ${{ github.sha }}"},
    ]
    assert lint(wf) == [("jobs.test.steps[3]", "GH005"), ("jobs.test.steps[4]", "GH005")]


def test_several_findings_are_sorted():
    wf = {"on": "push", "jobs": {"b": {"steps": [{"uses": "actions/checkout@main"}]}, "a": {"steps": []}}}
    assert lint(wf) == [("jobs.a", "GH004"), ("jobs.b", "GH004"), ("jobs.b.steps[0]", "GH001"), ("workflow", "GH002")]
