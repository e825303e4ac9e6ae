import rag_context as rc

HITS = [
    {"id": "hr-1", "text": "Salary bands for 2026.", "score": 0.95, "acl": ["hr"]},
    {"id": "kb-2", "text": "Refunds take 14 days.", "score": 0.80, "acl": ["staff", "hr"]},
    {"id": "kb-1", "text": "Shipping is free over 50 EUR.", "score": 0.80, "acl": ["staff"]},
    {"id": "kb-3", "text": "Returns need a receipt.", "score": 0.60, "acl": ["staff"]},
    {"id": "orphan", "text": "No owner.", "score": 0.99, "acl": []},
]


def test_permissions_are_enforced_before_the_model_sees_anything():
    assert [h["id"] for h in rc.visible(HITS, {"staff"})] == ["kb-2", "kb-1", "kb-3"]
    assert [h["id"] for h in rc.visible(HITS, {"hr"})] == ["hr-1", "kb-2"]
    assert rc.visible(HITS, set()) == []


def test_context_is_ranked_with_id_ties_and_formatted():
    context, used = rc.build_context(HITS, {"staff"}, 1000)
    assert used == ["kb-1", "kb-2", "kb-3"]
    assert (
        context
        == "[kb-1] Shipping is free over 50 EUR.\n\n[kb-2] Refunds take 14 days.\n\n[kb-3] Returns need a receipt."
    )
    assert "Salary" not in context and "No owner" not in context


def test_budget_counts_separators_and_stops_at_the_first_overflow():
    first = "[kb-1] Shipping is free over 50 EUR."
    second = "[kb-2] Refunds take 14 days."
    exact = len(first) + 2 + len(second)
    assert rc.build_context(HITS, {"staff"}, exact)[1] == ["kb-1", "kb-2"]
    assert rc.build_context(HITS, {"staff"}, exact - 1)[1] == ["kb-1"]
    assert rc.build_context(HITS, {"staff"}, 5) == ("", [])
    # kb-3 alone would fit in the leftover space, but ranking is not skipped over
    hits = [dict(HITS[2]), {"id": "big", "text": "x" * 50, "score": 0.7, "acl": ["staff"]}, dict(HITS[3])]
    assert rc.build_context(hits, {"staff"}, len(first) + 40)[1] == ["kb-1"]


def test_duplicate_ids_keep_the_first_hit():
    hits = [HITS[1], {**HITS[1], "text": "stale copy", "score": 0.99}]
    context, used = rc.build_context(hits, {"staff"}, 1000)
    assert used == ["kb-2"] and "stale" not in context


def test_cited_ids_in_order_of_first_appearance():
    answer = "Refunds take 14 days [kb-2]. Shipping is free [kb-1][kb-2]. See [faq:3] and [not an id]."
    assert rc.cited_ids(answer) == ["kb-2", "kb-1", "faq:3"]
    assert rc.cited_ids("No sources.") == []


def test_check_citations_flags_invented_sources():
    used = ["kb-1", "kb-2"]
    assert rc.check_citations("Free over 50 EUR [kb-1].", used) == {"cited": ["kb-1"], "unknown": [], "ok": True}
    result = rc.check_citations("Free [kb-1], salaries [hr-1].", used)
    assert result["unknown"] == ["hr-1"] and result["ok"] is False
    assert rc.check_citations("Trust me.", used)["ok"] is False
