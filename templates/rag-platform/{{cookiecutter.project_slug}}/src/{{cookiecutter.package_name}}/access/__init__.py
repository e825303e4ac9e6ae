"""Who may do what: API keys with scopes and collections, rate limits, and the audit log."""
