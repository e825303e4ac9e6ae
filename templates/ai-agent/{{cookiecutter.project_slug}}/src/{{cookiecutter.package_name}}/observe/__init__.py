"""Observability: the JSONL trace of every event, and an optional OpenTelemetry export."""
