"""Mail: send approved notes from the outbox and watch for replies.

The messages themselves are composed by ``afterview.compose``, which services use too.
"""
