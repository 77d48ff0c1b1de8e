"""Developer tools that need Rasa: held-out scoring and the benchmark."""
