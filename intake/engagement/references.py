"""Short references people can read out on the phone: ``UEH-7K3Q9P``."""

import secrets

# No 0/O, 1/I/L or U/V pairs to confuse: 29 symbols, so six give about 594 million codes.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
PREFIX = "UEH-"
LENGTH = 6


def reference_generate(prefix: str = PREFIX) -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


# The prefix says what a reference is about, so the hub team can tell them apart on the phone.
PREFIXES = {
    "group": "REG-",
    "membership": "JOIN-",
    "story": "STORY-",
    "signup": "CHAMP-",
}


def reference_normalise(value: str) -> str:
    """Accept what people type: any case, spaces, a missing prefix."""
    cleaned = "".join(str(value or "").split()).upper()
    if cleaned.startswith(PREFIX):
        cleaned = cleaned[len(PREFIX) :]
    return PREFIX + cleaned
