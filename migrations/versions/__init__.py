"""Migration scripts, one small change each."""
