#!/usr/bin/env python3
"""Writes the retail example's customer events (events.jsonl) for map.json.

Two thousand customers buy a laptop, or give up on the way. The figures
are made up, the behaviour is not: most customers find the shop through
an ad, compare on the web (and dislike the comparison page), some go to
a store or ask for a price match in a chat the map does not plan, some
abandon the cart, go back to comparing, or never answer the review
request. Each customer's first event carries its plan (consumer, business,
student): students, who compare prices hardest, leave at Compare more
often than the others. Deterministic: the same file on every run.

    python3 examples/retail/generate-events.py > examples/retail/events.jsonl

With `april`, the next month's two thousand customers (april.jsonl, ids
going on from March's). On Monday 6 April the comparison page got filters
and battery life side by side: from then on those who compare dislike it
less and fewer of them leave at Compare.

    python3 examples/retail/generate-events.py april > examples/retail/april.jsonl
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

CUSTOMERS = 2000
START = datetime(2026, 3, 1, tzinfo=timezone.utc)
APRIL = datetime(2026, 4, 1, tzinfo=timezone.utc)
FIX = datetime(2026, 4, 6, tzinfo=timezone.utc)  # the new comparison page

COMMENTS = {
    "compare-web": ["Too many models, no filters", "Could not compare battery life",
                    "The page kept reloading", None, None],
    "price-match-chat": ["Had to ask twice for the price match", "Agent was helpful", None],
    "delivery": ["Arrived a day late", "Courier left it at the door", None, None],
    "review-request": [None, None, "Happy with it", "Setup was confusing"],
    "support-call": ["Waited 25 minutes", "Solved on the first call", None],
}
COMMENTS_AFTER_FIX = {
    "compare-web": ["The new filters help", "Battery life side by side, finally",
                    "Still slow to load", None, None],
}


class Customer:
    def __init__(self, rng, number, start=START, fix=None):
        self.rng = rng
        self.id = "c-%05d" % number
        self.at = start + timedelta(minutes=rng.randrange(30 * 24 * 60))
        self.fix = fix
        self.events = []

    def fixed(self):
        """Whether the new comparison page is live (never in March's log)."""
        return self.fix is not None and self.at >= self.fix

    def wait(self, low_minutes, high_minutes):
        self.at += timedelta(minutes=self.rng.randint(low_minutes, high_minutes))

    def visit(self, touchpoint, score=None, channel=None, stage=None):
        event = {"customer": self.id,
                 "at": self.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "touchpoint": touchpoint}
        if channel:
            event["channel"] = channel
        if stage:
            event["stage"] = stage
        if score is not None:
            feedback = {"score": score, "scale": [1, 5]}
            comments = COMMENTS_AFTER_FIX if self.fixed() else COMMENTS
            comment = self.rng.choice(comments.get(touchpoint, COMMENTS.get(touchpoint, [None])))
            if comment:
                feedback["comment"] = comment
            event["feedback"] = feedback
        self.events.append(event)

    def maybe_score(self, chance, low, high):
        return self.rng.randint(low, high) if self.rng.random() < chance else None


def discover(c):
    first = c.rng.choices(["social-ad", "search-ad", "newsletter"], [40, 45, 15])[0]
    c.visit(first)
    if c.rng.random() < 0.3:
        c.wait(60, 2 * 24 * 60)
        c.visit("search-ad" if first != "search-ad" else "social-ad")
    return c.rng.random() >= 0.15


def compare(c):
    c.wait(30, 3 * 24 * 60)
    fixed = c.fixed()
    if c.rng.random() < 0.85:
        c.visit("compare-web", c.maybe_score(0.35, 2, 4) if fixed else c.maybe_score(0.35, 1, 3))
    if c.rng.random() < 0.3:
        c.wait(5, 600)
        c.visit("app-reviews", c.maybe_score(0.1, 3, 5))
    if c.rng.random() < 0.08:
        c.wait(2, 60)
        c.visit("price-match-chat", c.maybe_score(0.6, 1, 3), channel="chat", stage="compare")
    if c.rng.random() < 0.3:
        c.wait(12 * 60, 4 * 24 * 60)
        c.visit("store-visit", c.maybe_score(0.4, 4, 5))
    return c.rng.random() >= (0.12 if fixed else 0.3)


def purchase(c):
    c.wait(60, 5 * 24 * 60)
    where = c.rng.choices(["checkout", "app-checkout", "store-till"], [60, 25, 15])[0]
    c.visit(where, c.maybe_score(0.1, 2, 5))
    if where != "store-till" and c.rng.random() < 0.1:
        # Back to comparing after seeing the delivery costs, then buying.
        c.wait(10, 24 * 60)
        c.visit("compare-web")
        c.wait(10, 24 * 60)
        c.visit(where)
    return c.rng.random() >= 0.1


def delivery(c):
    c.wait(1, 10)
    c.visit("order-email")
    c.wait(2 * 24 * 60, 7 * 24 * 60)
    c.visit("delivery", c.maybe_score(0.25, 1, 5))
    return c.rng.random() >= 0.05


def service(c):
    c.wait(24 * 60, 5 * 24 * 60)
    if c.rng.random() < 0.15:
        c.visit("support-call", c.maybe_score(0.5, 1, 4))
        if c.rng.random() < 0.4:
            c.wait(30, 2 * 24 * 60)
            c.visit("support-chat", c.maybe_score(0.5, 1, 4))
    if c.rng.random() < 0.05:
        c.wait(24 * 60, 3 * 24 * 60)
        c.visit("returns-desk", c.maybe_score(0.5, 2, 5), channel="store", stage="service")
    c.wait(60, 2 * 24 * 60)
    c.visit("review-request", c.maybe_score(0.45, 2, 5))


def add_plan(rng, c):
    """The customer's plan on its first event: drawn apart from its journey,
    but students are most of those who left at Compare."""
    stages = {"compare-web", "app-reviews", "price-match-chat", "store-visit"}
    left_at_compare = (any(e["touchpoint"] in stages for e in c.events)
                       and not any(e["touchpoint"] in ("checkout", "app-checkout", "store-till")
                                   for e in c.events))
    weights = [30, 15, 55] if left_at_compare else [55, 30, 15]
    c.events[0]["attributes"] = {"plan": rng.choices(["consumer", "business", "student"],
                                                     weights)[0]}


def main():
    april = sys.argv[1:] == ["april"]
    rng = random.Random(2026 + 4 if april else 2026)
    plans = random.Random(7 + 4 if april else 7)  # apart from the journeys' own numbers
    first = CUSTOMERS + 1 if april else 1
    lines = []
    for number in range(first, first + CUSTOMERS):
        c = Customer(rng, number, APRIL, FIX) if april else Customer(rng, number)
        for step in (discover, compare, purchase, delivery):
            if not step(c):
                break
        else:
            service(c)
        add_plan(plans, c)
        lines.extend(json.dumps(e, separators=(",", ":")) for e in c.events)
    sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
