"""Nodes talking to nodes: keys, peers, signed messages, a durable outbox, an exactly-once inbox."""
