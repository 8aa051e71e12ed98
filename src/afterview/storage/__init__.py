"""Storage: the tracked job search in SQLite (personal) or PostgreSQL (career centre).

``db`` opens connections and runs SQL; ``schema`` and ``migrations/`` define the tables
(every row belongs to an owner, so accounts can come without reshaping them);
``repository`` reads and writes the domain's records.
"""
