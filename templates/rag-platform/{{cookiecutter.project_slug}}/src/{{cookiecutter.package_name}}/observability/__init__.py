"""Metrics, evaluation (with distractors) and the evaluation dashboard."""
