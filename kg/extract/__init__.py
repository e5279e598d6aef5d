"""Extract: spaCy pipeline, actor mentions and relation statements."""
