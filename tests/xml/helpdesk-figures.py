#!/usr/bin/env python3
"""Figures of the help-desk log on the ticket map of test-xes.c, computed
independently of cjm (standard library only), by analysis.md's definitions.

    python3 helpdesk-figures.py ../data/xes/helpdesk.xes.gz
"""
import collections
import datetime
import gzip
import json
import sys
import xml.etree.ElementTree as ET

STAGES = ['open', 'handle', 'resolve', 'close']
MAP = {  # touchpoint: (stage, channel)
    'Insert ticket': ('open', 'web'),
    'Assign seriousness': ('open', 'phone'),
    'Take in charge ticket': ('handle', 'phone'),
    'Wait': ('handle', 'phone'),
    'Require upgrade': ('handle', 'phone'),
    'Resolve ticket': ('resolve', 'email'),
    'Closed': ('close', 'email'),
}
DEFAULT_CHANNEL = 'other'


def ms(text):
    t = datetime.datetime.fromisoformat(text)
    return int(t.timestamp() * 1000)


def traces(path):
    customer, events = None, []
    for _, el in ET.iterparse(gzip.open(path)):
        tag = el.tag.split('}')[-1]
        if tag == 'event':
            attrs = {a.get('key'): a.get('value') for a in el}
            events.append((ms(attrs['time:timestamp']), attrs['concept:name']))
            el.clear()
        elif tag == 'trace':
            customer = [a.get('value') for a in el
                        if a.get('key') == 'concept:name'][0]
            yield customer, events
            events = []
            el.clear()


def main(path):
    seqs = collections.defaultdict(list)
    for customer, events in traces(path):
        seqs[customer].extend(events)
    reached = collections.Counter()
    dropped = collections.Counter()
    transitions = collections.defaultdict(list)
    completed = switches = multichannel = events = 0
    for seq in seqs.values():
        seq = sorted(seq, key=lambda e: e[0])  # stable: ties keep file order
        events += len(seq)
        staged = [(at, MAP[tp][0]) for at, tp in seq if tp in MAP]
        first = {}
        for at, stage in staged:
            first.setdefault(stage, at)
        for stage in first:
            reached[stage] += 1
        if 'close' in first:
            completed += 1
        elif staged:
            dropped[staged[-1][1]] += 1
        for a, b in zip(STAGES, STAGES[1:]):
            if a in first and b in first and first[b] >= first[a]:
                transitions[a].append(first[b] - first[a])
        channels = [MAP[tp][1] if tp in MAP else DEFAULT_CHANNEL for _, tp in seq]
        n = sum(1 for x, y in zip(channels, channels[1:]) if x != y)
        switches += n
        multichannel += n > 0
    median = {s: sorted(v)[(len(v) - 1) // 2] for s, v in transitions.items()}
    print(json.dumps({
        'customers': len(seqs), 'events': events, 'completed': completed,
        'reached': [reached[s] for s in STAGES],
        'dropped': [dropped[s] for s in STAGES],
        'median_transition_ms': [median.get(s) for s in STAGES],
        'switches': switches, 'multichannel_customers': multichannel,
    }))


if __name__ == '__main__':
    main(sys.argv[1])
