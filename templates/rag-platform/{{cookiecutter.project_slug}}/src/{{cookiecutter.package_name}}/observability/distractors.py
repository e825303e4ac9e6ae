"""Distractors: unrelated documents added to the index during evaluation.

A golden set scored on its own few documents flatters retrieval; real indexes hold hundreds of
documents that share words with the question but not its answer. These are generated (seeded,
so every run sees the same ones), about other products and topics, with the everyday words
(battery, warranty, error, hours, service) that make them hard to tell apart by words alone.
"""

from __future__ import annotations

import random

from ..ingestion.catalog import Actor, Catalog
from ..ingestion.pipeline import Ingestor, Upload

COLLECTION = "_distractors"
EVAL = Actor("eval", admin=True)

_PRODUCTS = [
    "coffee grinder",
    "robot vacuum",
    "garden pump",
    "camera drone",
    "electric kettle",
    "sewing machine",
    "aquarium filter",
    "label printer",
    "smart thermostat",
    "rice cooker",
    "kayak",
    "tent",
    "espresso machine",
    "air purifier",
    "power drill",
    "baby monitor",
]
_TOPICS = [
    "Setup",
    "Cleaning",
    "Storage",
    "Safety",
    "Troubleshooting",
    "Care",
    "Delivery",
    "Guarantee",
    "Specifications",
    "Accessories",
    "Maintenance",
    "Returns",
]
_SENTENCES = [
    "The {p} should be cleaned after every {n} uses with a dry cloth.",
    "Store the {p} in a dry place between {n} and {m} degrees.",
    "If the display of the {p} shows error code F{n}, restart it and wait {m} seconds.",
    "The battery of the {p} lasts about {n} hours and recharges in {m} hours.",
    "Our warranty covers the {p} for {n} months against manufacturing defects.",
    "Orders of a {p} ship within {n} working days; express delivery takes {m} days.",
    "Replace the filter of the {p} every {n} weeks, or sooner in dusty rooms.",
    "The {p} weighs {n} kg and measures {m} cm when folded.",
    "Returns of an unused {p} are accepted within {n} days of delivery.",
    "A service check of the {p} is recommended once every {n} months.",
    "Never leave the {p} charging unattended for more than {n} hours.",
    "The motor of the {p} is rated for {n} watts and {m} volts.",
]


def distractor_documents(count: int, seed: int = 7) -> list[Upload]:
    rng = random.Random(seed)
    docs = []
    for i in range(count):
        product = rng.choice(_PRODUCTS)
        lines = [f"# {product.title()} manual, part {i + 1}", ""]
        for topic in rng.sample(_TOPICS, rng.randint(2, 4)):
            lines += [f"## {topic}", ""]
            for _ in range(rng.randint(2, 4)):
                sentence = rng.choice(_SENTENCES).format(
                    p=product, n=rng.randint(2, 90), m=rng.randint(2, 40)
                )
                lines += [sentence, ""]
        name = f"distractor-{i + 1:04d}.md"
        docs.append(Upload(name, "\n".join(lines).encode(), name))
    return docs


def ensure_distractors(ingestor: Ingestor, catalog: Catalog, count: int) -> int:
    """Index `count` distractors once (later runs reuse them); return how many are indexed."""
    have = catalog.count(COLLECTION)
    if have < count:
        ingestor.ingest(distractor_documents(count)[have:], COLLECTION, EVAL)
    return catalog.count(COLLECTION)
