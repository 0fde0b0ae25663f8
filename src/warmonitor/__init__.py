"""warmonitor: turns a stream of conflict reports into an auditable record.

Events with place, time, actors and type; casualty figures by victim group as
low/best/high, each tied to who claimed it and the sentence that says it; the
history of every toll; contradictions; outages; reactions; testimony.
"""

__version__ = "0.1.0"
