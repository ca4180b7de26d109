"""The full-screen explorer (Textual), imported only by the explore command."""
