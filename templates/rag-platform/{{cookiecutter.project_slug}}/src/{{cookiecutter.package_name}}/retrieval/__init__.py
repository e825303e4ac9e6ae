"""Retrieval: embedders, dense (vector) search, BM25 keyword search, and their hybrid fusion."""
