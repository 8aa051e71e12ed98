"""Mail: compose notes as RFC 5322 messages, send them from the outbox, watch for replies."""
