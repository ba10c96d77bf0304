#!/usr/bin/env python3
"""Writes the onboarding example's events (events.jsonl) for map.json.

One year of new employees, 140 of them. The figures are made up; the
pattern is common: laptops and accounts are late, people ask IT in a
chat the map does not plan, a few leave in the first week, and the pulse
survey at the end shows how day one went. Deterministic.

    python3 examples/onboarding/generate-events.py > examples/onboarding/events.jsonl
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

HIRES = 140
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def main():
    rng = random.Random(7)
    out = []
    for number in range(1, HIRES + 1):
        who = "emp-%03d" % number
        first_day = START + timedelta(weeks=rng.randrange(50))
        at = first_day - timedelta(days=rng.randint(8, 30))

        def event(touchpoint, score=None, comment=None, **extra):
            e = {"customer": who, "at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "touchpoint": touchpoint}
            e.update(extra)
            if score is not None:
                e["feedback"] = {"score": score, "scale": [1, 5]}
                if comment:
                    e["feedback"]["comment"] = comment
            out.append(json.dumps(e, separators=(",", ":")))

        event("contract")
        if rng.random() < 0.6:
            at += timedelta(days=rng.randint(1, 5))
            event("welcome-pack")
        if rng.random() < 0.5:
            at = first_day - timedelta(days=rng.randint(1, 3))
            event("buddy-intro", 5 if rng.random() < 0.3 else None)
        if rng.random() < 0.03:
            continue  # never started
        at = first_day
        event("reception")
        at += timedelta(minutes=rng.randint(15, 90))
        late = rng.random() < 0.4
        event("laptop", rng.randint(1, 2) if late and rng.random() < 0.5 else None,
              "The laptop was not set up" if late else None)
        if late:
            at += timedelta(hours=rng.randint(1, 6))
            event("it-chat", rng.randint(1, 3), rng.choice([None, "Waited all morning"]),
                  channel="chat", stage="day-one")
        at += timedelta(hours=rng.randint(1, 30 if late else 3))
        event("accounts")
        at = first_day + timedelta(days=1, hours=rng.randint(0, 4))
        if rng.random() < 0.8:
            event("team-lunch", 4 if rng.random() < 0.2 else None)
            at += timedelta(hours=rng.randint(1, 5))
        event("first-task")
        at += timedelta(days=rng.randint(0, 2), hours=rng.randint(1, 5))
        event("training", rng.randint(2, 4) if rng.random() < 0.2 else None,
              rng.choice([None, "Two hours of slides"]))
        if rng.random() < 0.04:
            continue  # left in the first week
        at = first_day + timedelta(days=4, hours=rng.randint(5, 8))
        event("one-to-one")
        if rng.random() < 0.7:
            at += timedelta(hours=1)
            low, high = (1, 4) if late else (3, 5)
            event("pulse-survey", rng.randint(low, high))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
