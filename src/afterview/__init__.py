"""afterview: everything a job seeker does after an interview."""

__version__ = "0.1.0"
