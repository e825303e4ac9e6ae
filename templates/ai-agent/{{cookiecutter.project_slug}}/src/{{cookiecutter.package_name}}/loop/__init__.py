"""The agent loop: planning and re-planning, one step's tool-calling turns, budgets, context size."""
