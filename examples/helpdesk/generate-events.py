#!/usr/bin/env python3
"""Writes the help-desk example's events as JSON Lines, for map.xml.

Six hundred tickets: customers open them on the web or by phone, the
first line answers (sometimes only after asking for more information),
about a third are escalated to the second line, most are solved, and
fewer than half of the customers answer the survey. Each ticket carries
its seriousness (minor, major, critical) on its first event, as a ticket
system records it when the ticket is opened; critical tickets are escalated
far more often. Deterministic.

    python3 examples/helpdesk/generate-events.py > /tmp/helpdesk.jsonl
    cjm convert /tmp/helpdesk.jsonl examples/helpdesk/events.xes
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

TICKETS = 600
START = datetime(2026, 9, 1, 8, 0, tzinfo=timezone.utc)


def main():
    rng = random.Random(1849)
    out = []
    for number in range(1, TICKETS + 1):
        customer = "cust-%04d" % number
        at = START + timedelta(minutes=rng.randrange(60 * 24 * 60))

        def event(touchpoint, score=None, comment=None, **extra):
            e = {"customer": customer, "at": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "touchpoint": touchpoint}
            e.update(extra)
            if score is not None:
                e["feedback"] = {"score": score, "scale": [1, 5]}
                if comment:
                    e["feedback"]["comment"] = comment
            out.append(json.dumps(e, separators=(",", ":")))

        event("web-form" if rng.random() < 0.7 else "hotline")
        at += timedelta(minutes=rng.randint(1, 5))
        event("ack-email")
        if rng.random() < 0.06:
            continue  # never heard of again
        at += timedelta(hours=rng.randint(2, 40))
        if rng.random() < 0.25:
            event("info-request")
            at += timedelta(hours=rng.randint(4, 48))
        event("agent-reply" if rng.random() < 0.75 else "callback")
        escalated = rng.random() < 0.35
        if escalated:
            at += timedelta(hours=rng.randint(6, 30))
            event("escalation-notice")
            if rng.random() < 0.12:
                # The customer chases the ticket by chat, which the map lacks.
                at += timedelta(hours=rng.randint(20, 60))
                event("status-chat", rng.randint(1, 2), "Nobody could tell me the status",
                      channel="chat", stage="escalated")
            at += timedelta(hours=rng.randint(24, 120))
            event("specialist-call", rng.randint(1, 4) if rng.random() < 0.4 else None,
                  rng.choice(["Had to explain it all again", None]))
            if rng.random() < 0.1:
                continue  # gave up on the second line
        if rng.random() < 0.04:
            continue
        at += timedelta(hours=rng.randint(1, 30))
        if escalated and rng.random() < 0.5:
            event("remote-session")
            at += timedelta(minutes=rng.randint(20, 90))
        event("solution")
        if rng.random() < 0.55:
            continue  # the survey goes unanswered
        at += timedelta(hours=rng.randint(2, 72))
        low, high = (1, 4) if escalated else (3, 5)
        event("csat-survey", rng.randint(low, high),
              rng.choice([None, None, "Fast and friendly", "Took far too long"]))
    add_seriousness(out)
    sys.stdout.write("\n".join(out) + "\n")


def add_seriousness(lines):
    """Puts each ticket's seriousness on its first event, drawn apart from
    the tickets' course (its own random numbers) but matching it: most
    escalated tickets are critical, most others minor."""
    rng = random.Random(2012)
    events = [json.loads(line) for line in lines]
    escalated = {e["customer"] for e in events if e["touchpoint"] == "escalation-notice"}
    seen = set()
    for i, e in enumerate(events):
        if e["customer"] in seen:
            continue
        seen.add(e["customer"])
        weights = [15, 30, 55] if e["customer"] in escalated else [60, 32, 8]
        e["attributes"] = {"seriousness": rng.choices(["minor", "major", "critical"], weights)[0]}
        lines[i] = json.dumps(e, separators=(",", ":"))


if __name__ == "__main__":
    main()
