"""Use cases: verb-named functions that take a session and plain values and own the commit."""
