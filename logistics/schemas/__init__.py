"""marshmallow schemas: the HTTP contract (what clients send and get), nothing else."""
