"""Use cases: verb-named functions that take a session and commands or plain values (no Flask, no schemas).

Each runs its writes in a unit of work (logistics/unit_of_work.py); a caller that opens one around
several use cases makes them one transaction.
"""
