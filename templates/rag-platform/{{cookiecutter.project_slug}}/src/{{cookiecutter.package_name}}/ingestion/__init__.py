"""Ingestion: bytes to text, text to chunks, chunks to the store; uploads run as background jobs."""
