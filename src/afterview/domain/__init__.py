"""The pure core of afterview.

Nothing in this package reads the clock, the disk or the network: every function that
depends on time takes ``now`` as an argument, and every input arrives as a value.
"""
