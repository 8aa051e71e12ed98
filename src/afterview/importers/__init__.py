"""Importers: read what other tools export into records afterview's storage can insert."""
