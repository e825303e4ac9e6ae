"""The tutor: question generation and grading (LLM or bank), FSRS scheduling, quiz sessions."""
