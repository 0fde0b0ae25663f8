"""Linking stage: event mentions and claims from all stored reports -> events with reconciled tolls.

1. ``store.events.EventStore.inputs`` and ``accounts.build_inputs``: each report's
   mentions and claims -> accounts, one per scope it speaks of (a town, a region),
   with the figures its words put there (``scope``).
2. ``cluster.cluster``: accounts -> events (place, time, type, words; blocking,
   complete linkage), umbrellas and their children.
3. ``toll.reconcile``: each event's claims -> low/best/high per outcome and group,
   history and contradictions.
4. ``EventStore.replace``: the result written in one transaction.

``relink`` runs all four; it depends only on what is stored, so ingesting the
same reports in any order, or rebuilding, gives the same events and ids.
"""
