"""Answers: the chat model seam, the fenced prompt, citation checking, and the streamed answer."""
